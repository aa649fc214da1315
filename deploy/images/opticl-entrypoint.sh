#!/bin/sh
# opticl inside a container: the same JVM settings as the ./opticl launcher, without the build.
# DJL stays offline (it never downloads libtorch or calls home); the GPU image points it at the
# libtorch in /opt/libtorch through PYTORCH_LIBRARY_PATH, the CPU image uses the native jar.
set -eu
exec java ${OPTICL_JAVA_OPTS:--XX:MaxRAMPercentage=75} \
  -Djava.awt.headless=true \
  -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
  -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-/var/cache/opticl/djl}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${OPTICL_LOG_LEVEL:-info}" \
  -cp "/opt/opticl/opticl-app.jar:/opt/opticl/lib/*" org.opticl.app.Opticl "$@"
