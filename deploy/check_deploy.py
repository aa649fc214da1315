#!/usr/bin/env python3
"""Offline checks of opticl's deployment files; run by validate.sh.

Two kinds of check, each printed as one "ok"/"FAIL" line:

* Kubernetes schema: every rendered manifest is walked against the API models of the Kubernetes
  Python client (Debian's python3-kubernetes): unknown fields (a typo such as ``imagee``), wrong
  types (an int where a string is required, e.g. an env value) and missing required fields are
  errors. kubectl cannot do this without an API server: even ``--dry-run=client`` asks the server
  for its resource list and its OpenAPI document.
* What opticl depends on, in the compose file and the manifests alike: worker roles and the task
  queues they serve (read from workflows' TaskQueues.java), the search attributes the setup job
  registers (read from OpticlSearchAttributes.java), the environment every worker needs and
  where it points (services that exist, the bucket the setup job creates), GPU requests, images,
  and the libtorch settings of the GPU image (version read from the root pom.xml).
"""

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROLES = ("orchestrator", "cpu", "gpu")
WORKER_ENV = (
    "TEMPORAL_ADDRESS",
    "TEMPORAL_NAMESPACE",
    "OPTICL_STORE",
    "OPTICL_S3_ENDPOINT",
    "OPTICL_S3_ACCESS_KEY",
    "OPTICL_S3_SECRET_KEY",
    "OPTICL_MODEL_CACHE",
    "HF_HOME",
)
SA_TYPES = {"forKeyword": "Keyword", "forDouble": "Double", "forLong": "Int", "forBoolean": "Bool"}


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {what}")
        else:
            self.failed += 1
            print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))
        return ok


# --- facts from the code -------------------------------------------------------------------------


def task_queues(root):
    src = (root / "workflows/src/main/java/org/opticl/workflows/TaskQueues.java").read_text()
    return dict(re.findall(r'static final String (\w+)\s*=\s*"([^"]+)"', src))


def search_attributes(root):
    path = root / "workflows/src/main/java/org/opticl/workflows/pipeline/OpticlSearchAttributes.java"
    src = path.read_text()
    found = re.findall(r'SearchAttributeKey\.(for\w+)\(\s*"(\w+)"\s*\)', src)
    return {name: SA_TYPES.get(kind, kind) for kind, name in found}


def pom_property(root, name):
    m = re.search(rf"<{re.escape(name)}>([^<]+)</{re.escape(name)}>", (root / "pom.xml").read_text())
    return m.group(1).strip() if m else None


# --- Kubernetes schema ---------------------------------------------------------------------------


def k8s_schema(docs, report):
    try:
        import kubernetes.client as kc
        from kubernetes.client.configuration import Configuration
    except ImportError:
        report.check(False, "kubernetes python client importable", "install python3-kubernetes")
        return
    cfg = Configuration()
    cfg.client_side_validation = True

    def walk(value, typ, path, errors):
        where = ".".join(path) or "<root>"
        if typ.startswith("list["):
            if not isinstance(value, list):
                errors.append(f"{where}: expected a list, got {type(value).__name__}")
                return
            for i, v in enumerate(value):
                walk(v, typ[5:-1], path[:-1] + [f"{path[-1]}[{i}]"] if path else [f"[{i}]"], errors)
        elif typ.startswith("dict("):
            inner = typ[typ.index(",") + 1 : -1].strip()
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a map, got {type(value).__name__}")
                return
            quantities = path and path[-1] in ("limits", "requests", "capacity")
            for k, v in value.items():
                if quantities and isinstance(v, (int, float)) and not isinstance(v, bool):
                    continue  # resource quantities may be plain numbers
                walk(v, inner, path + [str(k)], errors)
        elif typ == "str":
            if not isinstance(value, str):
                errors.append(f"{where}: expected a string, got {value!r}")
        elif typ == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                errors.append(f"{where}: expected an integer, got {value!r}")
        elif typ == "bool":
            if not isinstance(value, bool):
                errors.append(f"{where}: expected true/false, got {value!r}")
        elif typ == "float":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                errors.append(f"{where}: expected a number, got {value!r}")
        elif typ in ("object", "datetime", "date"):
            pass
        else:
            model = getattr(kc, typ, None)
            if model is None:
                errors.append(f"{where}: the client has no model {typ}")
                return
            if not isinstance(value, dict):
                errors.append(f"{where}: expected a {typ} object, got {value!r}")
                return
            by_json = {j: p for p, j in model.attribute_map.items()}
            for key, v in value.items():
                if key not in by_json:
                    errors.append(
                        f"{where}: unknown field '{key}' in {typ}"
                        f" (valid: {', '.join(sorted(by_json))})"
                    )
                    continue
                walk(v, model.openapi_types[by_json[key]], path + [key], errors)
            try:  # the models' setters reject missing required fields and bad enum values
                model(local_vars_configuration=cfg, **{by_json[k]: v for k, v in value.items() if k in by_json})
            except (ValueError, TypeError) as e:
                errors.append(f"{where} ({typ}): {e}")

    for doc in docs:
        api, kind = doc.get("apiVersion", ""), doc.get("kind", "")
        name = (doc.get("metadata") or {}).get("name", "?")
        version = api.split("/")[-1]
        cls = version[0].upper() + version[1:] + kind
        errors = []
        if not getattr(kc, cls, None):
            errors.append(f"no Kubernetes model for apiVersion={api} kind={kind}")
        else:
            walk(doc, cls, [], errors)
        if not name or name == "?":
            errors.append("metadata.name is missing")
        report.check(not errors, f"schema {kind}/{name} ({cls})", "; ".join(errors))


# --- shared opticl checks ------------------------------------------------------------------------


def check_setup_script(report, where, script, attributes, bucket):
    for name, typ in sorted(attributes.items()):
        report.check(
            f"{name}:{typ}" in script,
            f"{where} registers search attribute {name} as {typ}",
            "missing from the script's list",
        )
    report.check("search-attribute create" in script, f"{where} runs temporal operator search-attribute create")
    report.check(
        bool(bucket) and re.search(rf"mc mb\b[^\n]*/{re.escape(bucket)}\b", script) is not None,
        f"{where} creates the bucket '{bucket}' of OPTICL_STORE",
    )
    result = subprocess.run(["sh", "-n"], input=script, text=True, capture_output=True)
    report.check(result.returncode == 0, f"{where} setup scripts parse (sh -n)", result.stderr.strip())


def bucket_of(store):
    m = re.match(r"s3://([^/]+)/", store or "")
    return m.group(1) if m else None


def host_port(value, default_port):
    v = re.sub(r"^\w+://", "", value or "").split("/")[0]
    host, _, port = v.partition(":")
    return host, int(port) if port else default_port


def check_worker_env(report, where, env, known_hosts):
    missing = [k for k in WORKER_ENV if k not in env]
    report.check(not missing, f"{where} has {', '.join(WORKER_ENV)}", f"missing {missing}")
    store = env.get("OPTICL_STORE", "")
    report.check(
        store == "s3://opticl-artifacts/runs", f"{where} OPTICL_STORE=s3://opticl-artifacts/runs", store
    )
    for key, port in (("TEMPORAL_ADDRESS", 7233), ("OPTICL_S3_ENDPOINT", 9000)):
        if key in env and isinstance(env[key], str):
            host, p = host_port(env[key], port)
            report.check(
                (host, p) in known_hosts,
                f"{where} {key}={env[key]} names a service of this deployment",
                f"known: {sorted(known_hosts)}",
            )


# --- compose -------------------------------------------------------------------------------------


def check_compose(report, spec, root):
    label, _, path = spec.rpartition("=")
    doc = yaml.safe_load(Path(path).read_text())
    services = doc.get("services", {})
    queues = task_queues(root)
    attributes = search_attributes(root)
    known = set()
    for name, svc in services.items():
        for p in svc.get("ports", []) or []:
            target = p.get("target") if isinstance(p, dict) else str(p).split(":")[-1]
            known.add((name, int(str(target).split("/")[0])))
        if name in ("temporal", "minio"):  # the containers' own ports, published or not
            known.add((name, {"temporal": 7233, "minio": 9000}[name]))
    print(f"compose: {label or path}")
    stores = set()
    for role in ROLES:
        svc = services.get(f"{role}-worker")
        if not report.check(svc is not None, f"compose service {role}-worker exists"):
            continue
        report.check(
            svc.get("command") == ["worker", "--role", role],
            f"compose {role}-worker runs `opticl worker --role {role}`",
            repr(svc.get("command")),
        )
        report.check(
            f"OPTICL_{role.upper()}" in queues or f"opticl-{role}" in queues.values(),
            f"role {role} serves task queue opticl-{role} (TaskQueues.java)",
            f"queues in code: {queues}",
        )
        image = svc.get("image", "")
        want = "opticl-gpu" if role == "gpu" else "opticl"
        report.check(image.split(":")[0].split("/")[-1] == want, f"compose {role}-worker image is {want}", image)
        env = svc.get("environment", {}) or {}
        check_worker_env(report, f"compose {role}-worker", env, known)
        stores.add(env.get("OPTICL_STORE"))
        mounts = [v.get("target") if isinstance(v, dict) else str(v).split(":")[1] for v in svc.get("volumes", [])]
        report.check(
            env.get("OPTICL_MODEL_CACHE") in mounts,
            f"compose {role}-worker mounts a volume at OPTICL_MODEL_CACHE",
            f"mounts {mounts}",
        )
        deps = svc.get("depends_on", {}) or {}
        report.check(
            all(
                (deps.get(s) or {}).get("condition") == "service_completed_successfully"
                for s in ("setup-temporal", "setup-minio")
            ),
            f"compose {role}-worker waits for both setup jobs to complete",
            repr(deps),
        )
        devices = (
            ((svc.get("deploy") or {}).get("resources") or {}).get("reservations") or {}
        ).get("devices") or []
        has_gpu = any("gpu" in (d.get("capabilities") or []) for d in devices) or svc.get("runtime") == "nvidia"
        report.check(
            has_gpu == (role == "gpu"),
            f"compose {role}-worker {'reserves' if role == 'gpu' else 'does not reserve'} GPUs",
            repr(devices),
        )
    temporal = services.get("temporal", {})
    tenv = temporal.get("environment", {}) or {}
    report.check(
        "temporalio/auto-setup" in temporal.get("image", "") and tenv.get("DB") == "postgres12",
        "compose temporal is auto-setup on PostgreSQL",
        temporal.get("image", ""),
    )
    report.check("temporal-ui" in services, "compose has the Temporal Web UI")
    script = "\n".join(
        "\n".join(services.get(s, {}).get("command") or []) for s in ("setup-temporal", "setup-minio")
    )
    bucket = bucket_of(next(iter(stores), None))
    check_setup_script(report, "compose setup", script, attributes, bucket)


# --- Kubernetes ----------------------------------------------------------------------------------


def check_k8s(report, path, root, label):
    docs = [d for d in yaml.safe_load_all(Path(path).read_text()) if d]
    print(f"kubernetes ({label}): {len(docs)} objects")
    k8s_schema(docs, report)
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    configmaps = by_kind.get("ConfigMap", {})
    secrets = by_kind.get("Secret", {})
    claims = by_kind.get("PersistentVolumeClaim", {})
    queues = task_queues(root)
    attributes = search_attributes(root)
    known = set()
    for name, svc in by_kind.get("Service", {}).items():
        for p in svc["spec"].get("ports", []):
            known.add((name, p["port"]))
    external = not any(n.startswith("temporal") for n in by_kind.get("Deployment", {}))

    def env_of(container):
        env = {}
        for src in container.get("envFrom", []) or []:
            ref = (src.get("configMapRef") or {}).get("name")
            if ref:
                if report.check(ref in configmaps, f"configMap {ref} exists"):
                    env.update(configmaps[ref].get("data", {}))
        for e in container.get("env", []) or []:
            if "value" in e:
                env[e["name"]] = e["value"]
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                secret = secrets.get(ref["name"])
                ok = secret is not None and ref["key"] in (secret.get("stringData") or secret.get("data") or {})
                report.check(
                    ok or ref.get("optional", False),
                    f"secret {ref['name']}/{ref['key']} exists for {e['name']}",
                )
                env[e["name"]] = f"<secret {ref['name']}/{ref['key']}>"
        return env

    deployments = by_kind.get("Deployment", {})
    store = None
    for role in ROLES:
        dep = deployments.get(f"opticl-{role}")
        if not report.check(dep is not None, f"Deployment opticl-{role} exists"):
            continue
        pod = dep["spec"]["template"]["spec"]
        c = pod["containers"][0]
        report.check(
            (c.get("command") or []) + (c.get("args") or []) == ["worker", "--role", role],
            f"opticl-{role} runs `opticl worker --role {role}`",
            repr(c.get("args")),
        )
        report.check(
            f"opticl-{role}" in queues.values(),
            f"role {role} serves task queue opticl-{role} (TaskQueues.java)",
            f"queues in code: {queues}",
        )
        want = "opticl-gpu" if role == "gpu" else "opticl"
        image = c.get("image", "")
        report.check(image.split(":")[0].split("/")[-1] == want, f"opticl-{role} image is {want}", image)
        env = env_of(c)
        if external:
            known_here = known | {(host_port(env.get("TEMPORAL_ADDRESS"), 7233))}
        else:
            known_here = known
        check_worker_env(report, f"opticl-{role}", env, known_here)
        store = store or env.get("OPTICL_STORE")
        limits = (c.get("resources") or {}).get("limits") or {}
        gpus = int(limits.get("nvidia.com/gpu", 0))
        report.check(
            (gpus >= 1) == (role == "gpu"),
            f"opticl-{role} {'requests' if role == 'gpu' else 'does not request'} nvidia.com/gpu",
            f"limits {limits}",
        )
        if role != "orchestrator":
            mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", []) or []}
            vol = mounts.get(env.get("OPTICL_MODEL_CACHE"))
            volumes = {v["name"]: v for v in pod.get("volumes", []) or []}
            claim = ((volumes.get(vol) or {}).get("persistentVolumeClaim") or {}).get("claimName")
            report.check(
                claim in claims,
                f"opticl-{role} mounts a PersistentVolumeClaim at OPTICL_MODEL_CACHE",
                f"mount {vol}, claim {claim}",
            )
        if role == "gpu":
            strategy = (dep["spec"].get("strategy") or {}).get("rollingUpdate") or {}
            report.check(
                dep["spec"].get("strategy", {}).get("type") == "Recreate" or strategy.get("maxSurge") in (0, "0"),
                "opticl-gpu never surges (no extra pod waiting for held GPUs)",
            )
    jobs = by_kind.get("Job", {})
    job = jobs.get("opticl-setup")
    if report.check(job is not None, "Job opticl-setup exists"):
        script = "\n".join(
            "\n".join((c.get("command") or []) + (c.get("args") or []))
            for c in job["spec"]["template"]["spec"]["containers"]
        )
        for c in job["spec"]["template"]["spec"]["containers"]:
            env_of(c)
        check_setup_script(report, "k8s setup Job", script, attributes, bucket_of(store))
    report.check(
        ("minio", 9000) in known and "minio" in by_kind.get("StatefulSet", {}),
        "MinIO StatefulSet with Service minio:9000",
    )


# --- images --------------------------------------------------------------------------------------


def dockerfile(path):
    """(instruction, argument) pairs with line continuations joined."""
    text = re.sub(r"\\\n", " ", Path(path).read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def check_images(report, root):
    images = root / "deploy/images"
    print(f"images: {images}")
    pytorch = pom_property(root, "pytorch.version")
    entry = (images / "opticl-entrypoint.sh").read_text()
    report.check("org.opticl.app.Opticl" in entry, "entrypoint runs org.opticl.app.Opticl")
    report.check(
        (root / "app/src/main/java/org/opticl/app/Opticl.java").exists(), "main class org.opticl.app.Opticl exists"
    )
    result = subprocess.run(["sh", "-n", str(images / "opticl-entrypoint.sh")], capture_output=True, text=True)
    report.check(result.returncode == 0, "entrypoint parses (sh -n)", result.stderr.strip())
    for flavor in ("cpu", "gpu"):
        ins = dockerfile(images / f"Dockerfile.{flavor}")
        froms = [a for i, a in ins if i == "FROM"]
        report.check(
            bool(froms) and froms[-1].startswith("eclipse-temurin:17-jre"),
            f"Dockerfile.{flavor} runs on an eclipse-temurin 17 JRE",
            repr(froms[-1:] or froms),
        )
        runs = " ".join(a for i, a in ins if i == "RUN")
        report.check(
            "install -pl app -am" in runs, f"Dockerfile.{flavor} builds the app as `mvn install -pl app -am`"
        )
        copies = " ".join(a for i, a in ins if i == "COPY")
        report.check(
            "app/target/opticl-app.jar" in copies and "app/target/lib/" in copies,
            f"Dockerfile.{flavor} ships opticl-app.jar and lib/",
        )
        env = {}
        for i, a in ins:
            if i == "ENV":
                for token in shlex.split(a):
                    k, _, v = token.partition("=")
                    env[k] = v
        entry_ok = any(i == "ENTRYPOINT" and "/usr/local/bin/opticl" in a for i, a in ins)
        report.check(entry_ok, f"Dockerfile.{flavor} ENTRYPOINT is the opticl launcher")
        report.check(
            env.get("PYTORCH_VERSION") == pytorch,
            f"Dockerfile.{flavor} PYTORCH_VERSION={pytorch} (root pom.xml)",
            env.get("PYTORCH_VERSION"),
        )
        if flavor == "gpu":
            report.check(env.get("PYTORCH_FLAVOR") == "cu128", "Dockerfile.gpu PYTORCH_FLAVOR=cu128")
            report.check(
                env.get("PYTORCH_LIBRARY_PATH") == "/opt/libtorch/lib",
                "Dockerfile.gpu PYTORCH_LIBRARY_PATH=/opt/libtorch/lib",
            )
            args = {a.split("=", 1)[0]: a.split("=", 1)[1] for i, a in ins if i == "ARG" and "=" in a}
            url = args.get("LIBTORCH_URL", "")
            report.check(
                f"{pytorch}%2Bcu128.zip" in url and "download.pytorch.org/libtorch/cu128/" in url,
                f"Dockerfile.gpu fetches PyTorch's official libtorch {pytorch}+cu128 zip",
                url,
            )
            report.check(
                "unzip" in runs and "-d /opt" in runs, "Dockerfile.gpu unpacks libtorch into /opt/libtorch"
            )
            report.check("rm -f app/target/lib/pytorch-native-cpu-" in runs, "Dockerfile.gpu leaves out the CPU native jar")
        else:
            report.check(env.get("PYTORCH_FLAVOR") == "cpu", "Dockerfile.cpu PYTORCH_FLAVOR=cpu")


def check_kustomize_coverage(report, root):
    """Every manifest under deploy/k8s is named by a kustomization, so none escapes the checks."""
    k8s = root / "deploy/k8s"
    listed = set()
    for kust in k8s.rglob("kustomization.yaml"):
        for r in yaml.safe_load(kust.read_text()).get("resources", []):
            listed.add((kust.parent / r).resolve())
    for f in sorted(k8s.rglob("*.yaml")):
        if f.name == "kustomization.yaml" or "helm" in f.relative_to(k8s).parts:
            continue
        report.check(f.resolve() in listed, f"{f.relative_to(root)} is in a kustomization")
    for f in sorted((k8s / "helm").glob("*.yaml")):
        try:
            ok, detail = isinstance(yaml.safe_load(f.read_text()), dict), ""
        except yaml.YAMLError as e:
            ok, detail = False, str(e)
        report.check(ok, f"{f.relative_to(root)} is a YAML map of Helm values", detail)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, required=True)
    ap.add_argument("--compose", action="append", default=[], help="[LABEL=]output of `docker-compose config`")
    ap.add_argument("--k8s", action="append", default=[], help="LABEL=rendered manifests")
    args = ap.parse_args()
    report = Report()
    for c in args.compose:
        check_compose(report, c, args.root)
    for k in args.k8s:
        label, _, path = k.partition("=")
        check_k8s(report, path, args.root, label)
    check_kustomize_coverage(report, args.root)
    check_images(report, args.root)
    print(f"deploy: {report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
