package org.opticl.harness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.testing.SharedData;

/**
 * Original releases and Hugging Face {@code datasets} JSONL exports of the same items load to the
 * same documents, and the loaders of formats that need parsing agree with independent copies.
 */
class DataFormatsTest {
  @TempDir Path dir;

  private <D> List<D> load(String task, Split split, String file, String content)
      throws IOException {
    Path d = Files.createDirectories(dir.resolve(task + "-" + file));
    Files.writeString(d.resolve(file), content);
    @SuppressWarnings("unchecked")
    Task<D> t = (Task<D>) TaskRegistry.get(task);
    return t.load(d, split).docs();
  }

  @Test
  void multircReleaseAndHfExportGiveTheSameDocuments() throws IOException {
    String release =
        "{\"idx\": 3, \"passage\": {\"text\": \"P\", \"questions\": [{\"question\": \"Q\", \"idx\":"
            + " 7, \"answers\": [{\"text\": \"A1\", \"idx\": 0, \"label\": 1}, {\"text\": \"A2\","
            + " \"idx\": 1, \"label\": 0}]}]}}\n";
    String hf =
        "{\"paragraph\": \"P\", \"question\": \"Q\", \"answer\": \"A1\", \"idx\": {\"paragraph\": 3,"
            + " \"question\": 7, \"answer\": 0}, \"label\": 1}\n"
            + "{\"paragraph\": \"P\", \"question\": \"Q\", \"answer\": \"A2\", \"idx\": {\"paragraph\":"
            + " 3, \"question\": 7, \"answer\": 1}, \"label\": 0}\n";
    List<Object> a = load("multirc", Split.VALIDATION, "val.jsonl", release);
    assertEquals(a, load("multirc", Split.VALIDATION, "validation.jsonl", hf));
    assertEquals(new MultiRC.Doc("P", "Q", "A1", true, 3, 7, 0), a.get(0));
  }

  @Test
  void recordReleaseAndHfExportGiveTheSameDocuments() throws IOException {
    String release =
        "{\"idx\": 0, \"passage\": {\"text\": \"Zo\u00eb met Bob.\", \"entities\": [{\"start\": 0,"
            + " \"end\": 2}, {\"start\": 8, \"end\": 10}, {\"start\": 0, \"end\": 2}]}, \"qas\":"
            + " [{\"query\": \"@placeholder smiled\", \"idx\": 0, \"answers\": [{\"start\": 8,"
            + " \"end\": 10, \"text\": \"Bob\"}]}]}\n";
    String hf =
        "{\"passage\": \"Zo\u00eb met Bob.\", \"query\": \"@placeholder smiled\", \"entities\":"
            + " [\"Zo\u00eb\", \"Bob\"], \"answers\": [\"Bob\"], \"idx\": {\"passage\": 0, \"query\":"
            + " 0}}\n";
    List<Object> a = load("record", Split.VALIDATION, "val.jsonl", release);
    assertEquals(
        List.of(
            new ReCoRD.Doc(
                "Zo\u00eb met Bob.",
                "@placeholder smiled",
                List.of("Bob", "Zo\u00eb"),
                List.of("Bob"))),
        a);
    assertEquals(a, load("record", Split.VALIDATION, "validation.jsonl", hf));
  }

  @Test
  void wscNestedTargetAndFlatHfSpansGiveTheSameDocuments() throws IOException {
    String release =
        "{\"text\": \"Mark told Pete lies. He was mad.\", \"target\": {\"span1_index\": 0,"
            + " \"span1_text\": \"Mark\", \"span2_index\": 4, \"span2_text\": \"He\"}, \"idx\": 0,"
            + " \"label\": false}\n";
    String hf =
        "{\"text\": \"Mark told Pete lies. He was mad.\", \"span1_index\": 0, \"span2_index\": 4,"
            + " \"span1_text\": \"Mark\", \"span2_text\": \"He\", \"idx\": 0, \"label\": 0}\n";
    List<Object> a = load("wsc", Split.VALIDATION, "val.jsonl", release);
    assertEquals(a, load("wsc", Split.VALIDATION, "validation.jsonl", hf));
    WinogradSchema task = (WinogradSchema) TaskRegistry.get("wsc");
    assertEquals(
        "Passage: Mark told Pete lies. *He* was mad.\nQuestion: In the passage above, does the"
            + " pronoun \"*He*\" refer to \"*Mark*\"?\nAnswer:",
        task.docToText((WinogradSchema.Doc) a.get(0)));
  }

  @Test
  void wscTrainingDocumentsAreOnlyThePositives() throws IOException {
    String lines =
        "{\"text\": \"a b\", \"target\": {\"span1_index\": 0, \"span1_text\": \"a\", \"span2_index\":"
            + " 1, \"span2_text\": \"b\"}, \"idx\": 0, \"label\": false}\n"
            + "{\"text\": \"c d\", \"target\": {\"span1_index\": 0, \"span1_text\": \"c\","
            + " \"span2_index\": 1, \"span2_text\": \"d\"}, \"idx\": 1, \"label\": true}\n";
    List<WinogradSchema.Doc> docs = load("wsc", Split.TRAIN, "train.jsonl", lines);
    assertEquals(List.of("c d"), docs.stream().map(WinogradSchema.Doc::text).toList());
  }

  @Test
  void arcAndOpenbookqaHfExportsMatchTheAi2Releases() throws IOException {
    String ai2 =
        "{\"id\": \"x\", \"question\": {\"stem\": \"Why?\", \"choices\": [{\"text\": \"a\","
            + " \"label\": \"1\"}, {\"text\": \"b\", \"label\": \"2\"}]}, \"answerKey\": \"2\"}\n";
    String hfArc =
        "{\"id\": \"x\", \"question\": \"Why?\", \"choices\": {\"text\": [\"a\", \"b\"], \"label\":"
            + " [\"1\", \"2\"]}, \"answerKey\": \"2\"}\n";
    List<Object> a = load("arc_easy", Split.TEST, "ARC-Easy-Test.jsonl", ai2);
    assertEquals(List.of(new ChoiceDoc("Question: Why?\nAnswer:", List.of("a", "b"), 1)), a);
    assertEquals(a, load("arc_easy", Split.TEST, "test.jsonl", hfArc));
    String ai2Obqa = ai2.replace("\"2\"}\n", "\"B\"}\n");
    String hfObqa =
        "{\"id\": \"x\", \"question_stem\": \"Why?\", \"choices\": {\"text\": [\"a\", \"b\"],"
            + " \"label\": [\"A\", \"B\"]}, \"answerKey\": \"B\"}\n";
    List<Object> o = load("openbookqa", Split.TEST, "test.jsonl", ai2Obqa);
    assertEquals(List.of(new ChoiceDoc("Why?", List.of("a", "b"), 1)), o);
    assertEquals(o, load("openbookqa", Split.TEST, "test.jsonl", hfObqa));
  }

  @Test
  void piqaHfExportCarriesItsLabelInline() throws IOException {
    assertEquals(
        List.of(new ChoiceDoc("Question: g\nAnswer:", List.of("a", "b"), 1)),
        load(
            "piqa",
            Split.VALIDATION,
            "validation.jsonl",
            "{\"goal\": \"g\", \"sol1\": \"a\", \"sol2\": \"b\", \"label\": 1}\n"));
  }

  @Test
  void rteReadsGlueTsvVerbatimAndSuperglueJsonl() throws IOException {
    List<Object> glue =
        load(
            "rte",
            Split.VALIDATION,
            "dev.tsv",
            "index\tsentence1\tsentence2\tlabel\n0\t\"Quoted\" premise.\tHypothesis.\tnot_entailment\n");
    assertEquals(List.of(new Rte.Doc("\"Quoted\" premise.", "Hypothesis.", 1)), glue);
    List<Object> superglue =
        load(
            "rte",
            Split.VALIDATION,
            "val.jsonl",
            "{\"premise\": \"P.\", \"hypothesis\": \"H.\", \"label\": \"entailment\", \"idx\": 0}\n");
    assertEquals(List.of(new Rte.Doc("P.", "H.", 0)), superglue);
  }

  @Test
  void winograndeFallsBackToSmallerTrainingSizesAndSaysSo() {
    Path shared = SharedData.require("datasets/winogrande");
    SplitData<?> train = TaskRegistry.get("winogrande").load(shared, Split.TRAIN);
    assertEquals(10234, train.docs().size());
    assertEquals(
        shared.resolve("train_l.jsonl")
            + " (fallback, NOT lm-eval's xl: demonstrations differ from the original)",
        train.source());
  }

  @Test
  void hellaswagTextExportReadsSixLinesPerItem() {
    Path shared = SharedData.require("datasets/hellaswag");
    List<?> docs = TaskRegistry.get("hellaswag").load(shared, Split.VALIDATION).docs();
    assertEquals(10042, docs.size());
    // The export's first item, taken as is (its ctx_b "he" keeps lower case: an approximation).
    assertEquals(
        new ChoiceDoc(
            "Roof shingle removal: A man is sitting on a roof. he",
            List.of(
                "is using wrap to wrap a pair of skis.",
                "is ripping level tiles off.",
                "is holding a rubik's cube.",
                "starts pulling up roofing on a roof."),
            3),
        docs.get(0));
  }

  @Test
  void openbookqaTsvParsingAgreesWithAnIndependentCopyOfTheTestSet() throws IOException {
    // llm-foundry's openbook_qa.jsonl holds {query, choices, gold} for the same 500 questions.
    Path shared = SharedData.require("datasets/openbookqa");
    List<?> docs = TaskRegistry.get("openbookqa").load(shared, Split.TEST).docs();
    ObjectMapper json = new ObjectMapper();
    List<ChoiceDoc> foundry = new ArrayList<>();
    for (String line : Files.readAllLines(shared.resolve("llmfoundry/openbook_qa.jsonl"))) {
      JsonNode n = json.readTree(line);
      List<String> choices = new ArrayList<>();
      n.get("choices").forEach(c -> choices.add(c.asText()));
      foundry.add(new ChoiceDoc(n.get("query").asText(), choices, n.get("gold").asInt()));
    }
    assertEquals(foundry, docs);
  }

  @Test
  void openbookqaTsvAndJsonlReleasesAgreeOnTheTrainingSplit() {
    Path shared = SharedData.require("datasets/openbookqa");
    List<ChoiceDoc> jsonl = ChoiceReaders.openbookqaJsonl(shared.resolve("train.jsonl"));
    assertEquals(4957, jsonl.size());
    assertEquals(jsonl, ChoiceReaders.openbookqaTsv(shared.resolve("train.tsv")));
  }

  @Test
  void mathqaOptionsAreParsedWithTheOriginalRegex() {
    assertEquals(
        List.of("38", "27.675", "30", "data inadequate", "none of these"),
        ChoiceReaders.mathqaChoices(
            "a ) 38 , b ) 27.675 , c ) 30 , d ) data inadequate , e ) none of these"));
  }
}
