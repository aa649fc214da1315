package org.opticl.harness.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opticl.harness.task.TaskRegistry;
import org.opticl.harness.task.TextRequest;
import org.opticl.harness.testing.SharedData;

/**
 * The first documents' prompts of every task, in evaluation order, equal the strings the original
 * harness builds.
 *
 * <p>How the expected values were derived: lm-evaluation-harness was checked out at commit
 * 11fa0bf4394998634e6c6e0c9fc2fc8211415042 and its own task classes ({@code lm_eval/tasks/*.py})
 * were run outside this repository on the same files, with the Hugging Face {@code datasets}
 * loaders emulated from their published builder scripts (super_glue, glue, piqa, ai2_arc,
 * openbookqa, hellaswag, winogrande, math_qa, the harness's own lambada loader), MathQA's {@code
 * doc_to_target} as changed by the paper's code, and the evaluator's loop ({@code random.Random};
 * {@code seed(42)}; {@code shuffle}; {@code fewshot_context(doc, k, rnd)}; {@code
 * construct_requests}) under CPython 3.11. The strings printed there are written here literally
 * (contexts over 3,000 characters by length, SHA-256, head and tail). Tests on {@code ../shared}
 * data skip when it is absent; the release-format files of the other tests are written here.
 */
class OriginalPromptsTest {
  @TempDir Path tmp;

  private static List<DocPrompt> prompts(String task, Path dir, int shots, int limit) {
    return build(TaskRegistry.get(task), dir, shots, limit);
  }

  private static <D> List<DocPrompt> build(
      org.opticl.harness.task.Task<D> task, Path dir, int shots, int limit) {
    return PromptBuilder.build(task, dir, shots, OptionalInt.of(limit), "").stream()
        .map(PromptedDoc::prompt)
        .toList();
  }

  private static void expect(
      DocPrompt p,
      int doc,
      int source,
      String context,
      List<String> continuations,
      List<Integer> gold) {
    assertEquals(doc, p.doc(), "doc");
    assertEquals(source, p.sourceIndex(), "source index of doc " + doc);
    assertEquals(context, p.context(), "context of doc " + doc);
    assertEquals(continuations, p.continuations(), "continuations of doc " + doc);
    assertEquals(gold, p.gold(), "gold of doc " + doc);
  }

  private static void expectLong(
      DocPrompt p,
      int doc,
      int source,
      int length,
      String sha256,
      String head,
      String tail,
      List<String> continuations,
      List<Integer> gold) {
    assertEquals(doc, p.doc(), "doc");
    assertEquals(source, p.sourceIndex(), "source index of doc " + doc);
    assertEquals(length, p.context().length(), "context length of doc " + doc);
    assertEquals(head, p.context().substring(0, 200), "context head of doc " + doc);
    assertEquals(tail, p.context().substring(p.context().length() - 200), "context tail");
    assertEquals(sha256, sha256(p.context()), "context SHA-256 of doc " + doc);
    assertEquals(continuations, p.continuations(), "continuations of doc " + doc);
    assertEquals(gold, p.gold(), "gold of doc " + doc);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void piqa0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("piqa", SharedData.require("datasets/piqa"), 0, 2);
    expect(
        p.get(0),
        0,
        717,
        "Question: Remove seeds from  strawberries\nAnswer:",
        List.of(
            " Blend the strawberries, pour the mixture through a fine-mesh strainer with a bowl underneath to catch the pulps and strain out the seeds",
            " Chop up the strawberries, pour the mixture through a fine-mesh strainer with a bowl underneath to catch the pulps and strain out the seeds"),
        List.of(0));
    expect(
        p.get(1),
        1,
        241,
        "Question: squinting\nAnswer:",
        List.of(" makes wrinkles appear", " makes freckles appear"),
        List.of(0));
  }

  @Test
  void arceasy0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("arc_easy", SharedData.require("datasets/arc_easy"), 0, 2);
    expect(
        p.get(0),
        0,
        193,
        "Question: Which is the function of the gallbladder?\nAnswer:",
        List.of(
            " store bile",
            " produce bile",
            " store digestive enzymes",
            " produce digestive enzymes"),
        List.of(0));
    expect(
        p.get(1),
        1,
        1827,
        "Question: Which type of adaptation allows an animal to deceive its predator?\nAnswer:",
        List.of(" large size", " protective coloration", " scent glands", " leathery skin"),
        List.of(1));
  }

  @Test
  void arceasy1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("arc_easy", SharedData.require("datasets/arc_easy"), 1, 2);
    expect(
        p.get(0),
        0,
        193,
        "Question: Homes that are built to be environmentally friendly because they use energy more efficiently than other homes are called \"green\" homes. \"Green\" homes often have reflective roofs and walls made of recycled materials. The windows in these energy-saving homes are double-paned, meaning each window has two pieces of glass. Double-paned windows have a layer of air between the window panes. This layer is a barrier against extreme temperatures and saves energy. A solar panel on a \"green\" home uses\nAnswer: a renewable energy source\n\nQuestion: Which is the function of the gallbladder?\nAnswer:",
        List.of(
            " store bile",
            " produce bile",
            " store digestive enzymes",
            " produce digestive enzymes"),
        List.of(0));
    expect(
        p.get(1),
        1,
        1827,
        "Question: What is an environmental threat posed by oil and gas acquisition and transport that is not posed by the acquisition and transport of the energy resources uranium, and wood?\nAnswer: pipeline leaks\n\nQuestion: Which type of adaptation allows an animal to deceive its predator?\nAnswer:",
        List.of(" large size", " protective coloration", " scent glands", " leathery skin"),
        List.of(1));
  }

  @Test
  void arcchallenge0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p =
        prompts("arc_challenge", SharedData.require("datasets/arc_challenge"), 0, 2);
    expect(
        p.get(0),
        0,
        595,
        "Question: Cities control the amount of pollution that is allowed to come from cars. How does this most likely help people?\nAnswer:",
        List.of(
            " The air stays cleaner.",
            " Cars can travel at faster speeds.",
            " The skills of the drivers improve.",
            " It becomes safer to drive on the roads."),
        List.of(0));
    expect(
        p.get(1),
        1,
        716,
        "Question: Which statement correctly describes a physical characteristic of the Moon?\nAnswer:",
        List.of(
            " The Moon is made of hot gases.",
            " The Moon is covered with many craters.",
            " The Moon has many bodies of liquid water.",
            " The Moon has the ability to give off its own light."),
        List.of(1));
  }

  @Test
  void arcchallenge1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p =
        prompts("arc_challenge", SharedData.require("datasets/arc_challenge"), 1, 2);
    expect(
        p.get(0),
        0,
        595,
        "Question: Many stars can be seen in the sky at night. Which statement best explains why the Sun appears brighter than the stars seen in the night sky?\nAnswer: The Sun is closer to Earth than the stars seen in the night sky.\n\nQuestion: Cities control the amount of pollution that is allowed to come from cars. How does this most likely help people?\nAnswer:",
        List.of(
            " The air stays cleaner.",
            " Cars can travel at faster speeds.",
            " The skills of the drivers improve.",
            " It becomes safer to drive on the roads."),
        List.of(0));
    expect(
        p.get(1),
        1,
        716,
        "Question: Which process in plants is most similar to sexual reproduction in vertebrates?\nAnswer: cross-pollination\n\nQuestion: Which statement correctly describes a physical characteristic of the Moon?\nAnswer:",
        List.of(
            " The Moon is made of hot gases.",
            " The Moon is covered with many craters.",
            " The Moon has many bodies of liquid water.",
            " The Moon has the ability to give off its own light."),
        List.of(1));
  }

  @Test
  void openbookqa0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("openbookqa", SharedData.require("datasets/openbookqa"), 0, 2);
    expect(
        p.get(0),
        0,
        164,
        "Atomic 26 is drawn to a device, it could be",
        List.of(" magnetized", " Na", " compass", " K"),
        List.of(0));
    expect(
        p.get(1),
        1,
        383,
        "Two fridge decorations when touched back to back",
        List.of(
            " shove each other away",
            " are attracted to each other",
            " have very little reaction",
            " are reflective when together"),
        List.of(0));
  }

  @Test
  void openbookqa1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("openbookqa", SharedData.require("datasets/openbookqa"), 1, 2);
    expect(
        p.get(0),
        0,
        164,
        "If an animal is able to reproduce then that animal has matured\n\nAtomic 26 is drawn to a device, it could be",
        List.of(" magnetized", " Na", " compass", " K"),
        List.of(0));
    expect(
        p.get(1),
        1,
        383,
        "running turns carbohydrates into motion and heat\n\nTwo fridge decorations when touched back to back",
        List.of(
            " shove each other away",
            " are attracted to each other",
            " have very little reaction",
            " are reflective when together"),
        List.of(0));
  }

  @Test
  void boolq0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("boolq", SharedData.require("datasets/boolq"), 0, 2);
    expect(
        p.get(0),
        0,
        145,
        "NCIS: New Orleans (season 4) -- The fourth season of NCIS: New Orleans premiered on September 26, 2017 on CBS. The series continues to air following Bull, Tuesday at 10:00 p.m. (ET) and contained 24 episodes. The season concluded on May 15, 2018.\nQuestion: is ncis new orleans over for the season?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
    expect(
        p.get(1),
        1,
        2432,
        "Facial hair in the military -- All branches of the U.S. Military currently prohibit beards for a vast majority of recruits, although some mustaches are still allowed, based on policies that were initiated during the period of World War I.\nQuestion: can i have a beard in the military?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
  }

  @Test
  void cb0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("cb", SharedData.require("datasets/cb"), 0, 2);
    expect(
        p.get(0),
        0,
        30,
        "Then they would awake, terrified and sweating, to find themselves in white starched linen, in a comfortable bed, in peaceful England. And all would be well. It may be said that although he survived it the siege nevertheless had a bad effect on the Collector.\nQuestion: the siege nevertheless had a bad effect on the Collector. True, False or Neither?\nAnswer:",
        List.of(" True", " False", " Neither"),
        List.of(0));
    expect(
        p.get(1),
        1,
        23,
        "A: I've never heard that one, that's very nice. Oh, so I'm all for the metric system and converting over and I think, I guess, my feeling is the way to do it is to just start giving weights, you know, have a very brief transition period and then just start giving weights and kilometers, er, just as in kilometers and weights and kilograms and everything like that and, uh, just have people start using it rather than having people constantly trying to convert. Remember me getting a package of something that said one pound, this is a package of dates mind you, was, presumably something you weigh fairly precisely, it said one pound and then in parenthesis it said four hundred fifty-four point six grams. B: Right, right. A: And, as near as I could tell, seeing that was basically anti-metric propaganda cause anyone who would say, well look I can either buy a pound of something at four hundred sixty-four point six grams which, of course, they couldn't weigh it out accurately anyway, um, every time I see something like that I think, well, that's an anti-metric argument. B: Yeah. Well, uh, I don't think it could ever happen with a quick transition.\nQuestion: it could happen with a quick transition. True, False or Neither?\nAnswer:",
        List.of(" True", " False", " Neither"),
        List.of(1));
  }

  @Test
  void cb1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("cb", SharedData.require("datasets/cb"), 1, 2);
    expect(
        p.get(0),
        0,
        30,
        "B: So again, it never really penalizes, the company doing the wrong. A: Right. That will, B: They can go right on doing the same old thing they always used to. A: Huh. B: And if they know some practice is wrong, you know,\nQuestion: some practice is wrong. True, False or Neither?\nAnswer: True\n\nThen they would awake, terrified and sweating, to find themselves in white starched linen, in a comfortable bed, in peaceful England. And all would be well. It may be said that although he survived it the siege nevertheless had a bad effect on the Collector.\nQuestion: the siege nevertheless had a bad effect on the Collector. True, False or Neither?\nAnswer:",
        List.of(" True", " False", " Neither"),
        List.of(0));
    expect(
        p.get(1),
        1,
        23,
        "B: I understand we are doing care of the elderly, right? A: Yes. B: And how do you feel about putting someone in the nursing home? A: Well, I don't think that uh, any of my relatives would really like to go there.\nQuestion: some of her relatives would really like to go there. True, False or Neither?\nAnswer: False\n\nA: I've never heard that one, that's very nice. Oh, so I'm all for the metric system and converting over and I think, I guess, my feeling is the way to do it is to just start giving weights, you know, have a very brief transition period and then just start giving weights and kilometers, er, just as in kilometers and weights and kilograms and everything like that and, uh, just have people start using it rather than having people constantly trying to convert. Remember me getting a package of something that said one pound, this is a package of dates mind you, was, presumably something you weigh fairly precisely, it said one pound and then in parenthesis it said four hundred fifty-four point six grams. B: Right, right. A: And, as near as I could tell, seeing that was basically anti-metric propaganda cause anyone who would say, well look I can either buy a pound of something at four hundred sixty-four point six grams which, of course, they couldn't weigh it out accurately anyway, um, every time I see something like that I think, well, that's an anti-metric argument. B: Yeah. Well, uh, I don't think it could ever happen with a quick transition.\nQuestion: it could happen with a quick transition. True, False or Neither?\nAnswer:",
        List.of(" True", " False", " Neither"),
        List.of(1));
  }

  @Test
  void copa0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("copa", SharedData.require("datasets/copa"), 0, 2);
    expect(
        p.get(0),
        0,
        42,
        "The pair of students came under scrutiny by the teacher because",
        List.of(
            " the students both received excellent grades.",
            " their responses on the assignment were identical."),
        List.of(1));
    expect(
        p.get(1),
        1,
        41,
        "I twisted the cap off the soda bottle therefore",
        List.of(" the soda fizzed.", " the soda leaked out."),
        List.of(0));
  }

  @Test
  void copa1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("copa", SharedData.require("datasets/copa"), 1, 2);
    expect(
        p.get(0),
        0,
        42,
        "The bartender refused to serve the patron because the patron was drunk.\n\nThe pair of students came under scrutiny by the teacher because",
        List.of(
            " the students both received excellent grades.",
            " their responses on the assignment were identical."),
        List.of(1));
    expect(
        p.get(1),
        1,
        41,
        "The girl politely declined the hamburger because she was a vegetarian.\n\nI twisted the cap off the soda bottle therefore",
        List.of(" the soda fizzed.", " the soda leaked out."),
        List.of(0));
  }

  /**
   * The paper's main setting: five demonstrations, drawn by the same {@code Random(42)} right after
   * the shuffle (doc 0) and after doc 0's draw (doc 1); "i blew" keeps the original's lower-casing
   * of every choice's first character.
   */
  @Test
  void copa5ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("copa", SharedData.require("datasets/copa"), 5, 2);
    expect(
        p.get(0),
        0,
        42,
        "The bartender refused to serve the patron because the patron was drunk.\n\n"
            + "The girl politely declined the hamburger because she was a vegetarian.\n\n"
            + "The spy discovered the enemy's location because the spy bugged the enemy's phone.\n\n"
            + "I tossed the ball upwards therefore the ball hit the ceiling.\n\n"
            + "The rider fell to the ground because the bull bucked the rider.\n\n"
            + "The pair of students came under scrutiny by the teacher because",
        List.of(
            " the students both received excellent grades.",
            " their responses on the assignment were identical."),
        List.of(1));
    expect(
        p.get(1),
        1,
        41,
        "Cars moved to the shoulder of the road because a screaming ambulance approached.\n\n"
            + "The gardener wanted his plants to flourish therefore he put fertilizer in the soil.\n\n"
            + "The security guard replayed the surveillance footage because he noticed some"
            + " suspicious activity.\n\n"
            + "The balloon expanded because i blew into it.\n\n"
            + "The man's clothes fit loosely because he lost weight.\n\n"
            + "I twisted the cap off the soda bottle therefore",
        List.of(" the soda fizzed.", " the soda leaked out."),
        List.of(0));
  }

  @Test
  void wic0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("wic", SharedData.require("datasets/wic"), 0, 2);
    expect(
        p.get(0),
        0,
        383,
        "Sentence 1: Economic cooperation.\nSentence 2: They agreed on a policy of cooperation.\nQuestion: Is the word 'cooperation' used in the same way in the two sentences above?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
    expect(
        p.get(1),
        1,
        463,
        "Sentence 1: Most of the works by Fr\u00e9d\u00e9ric Chopin are for the piano.\nSentence 2: He can play \"Happy Birthday\" on the piano.\nQuestion: Is the word 'piano' used in the same way in the two sentences above?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
  }

  @Test
  void wic1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("wic", SharedData.require("datasets/wic"), 1, 2);
    expect(
        p.get(0),
        0,
        383,
        "Sentence 1: Let's break for lunch.\nSentence 2: A man broken by the terrible experience of near-death.\nQuestion: Is the word 'break' used in the same way in the two sentences above?\nAnswer: no\n\nSentence 1: Economic cooperation.\nSentence 2: They agreed on a policy of cooperation.\nQuestion: Is the word 'cooperation' used in the same way in the two sentences above?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
    expect(
        p.get(1),
        1,
        463,
        "Sentence 1: The court is now in session.\nSentence 2: The noblemen visited the queen in her court.\nQuestion: Is the word 'court' used in the same way in the two sentences above?\nAnswer: no\n\nSentence 1: Most of the works by Fr\u00e9d\u00e9ric Chopin are for the piano.\nSentence 2: He can play \"Happy Birthday\" on the piano.\nQuestion: Is the word 'piano' used in the same way in the two sentences above?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
  }

  @Test
  void wsc0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("wsc", SharedData.require("datasets/wsc"), 0, 2);
    expect(
        p.get(0),
        0,
        65,
        "Passage: Meanwhile, in the forest, the elephants are calling and hunting high and low for Arthur and Celeste, and their mothers are very worried. Fortunately, in flying over the town, an old marabou bird has seen *them* and come back quickly to tell the news.\nQuestion: In the passage above, does the pronoun \"*them*\" refer to \"*the elephants*\"?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
    expect(
        p.get(1),
        1,
        42,
        "Passage: When they had eventually calmed down a bit, and had gotten home, Mr. Farley put the magic pebble in an iron safe. Some day they might want to *it*e it, but really for now, what more could they wish for?\nQuestion: In the passage above, does the pronoun \"*it*\" refer to \"*safe*\"?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
  }

  @Test
  void wsc1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("wsc", SharedData.require("datasets/wsc"), 1, 2);
    expect(
        p.get(0),
        0,
        65,
        "Passage: The older students were bullying the younger ones, so we punished *them*.\nQuestion: In the passage above, does the pronoun \"*them*\" refer to \"*The older students*\"?\nAnswer: yes\n\nPassage: Meanwhile, in the forest, the elephants are calling and hunting high and low for Arthur and Celeste, and their mothers are very worried. Fortunately, in flying over the town, an old marabou bird has seen *them* and come back quickly to tell the news.\nQuestion: In the passage above, does the pronoun \"*them*\" refer to \"*the elephants*\"?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
    expect(
        p.get(1),
        1,
        42,
        "Passage: Sara borrowed the book from the library because she needs *it* for an article she is working on. She reads it when she gets home from work.\nQuestion: In the passage above, does the pronoun \"*it*\" refer to \"*The book*\"?\nAnswer: yes\n\nPassage: When they had eventually calmed down a bit, and had gotten home, Mr. Farley put the magic pebble in an iron safe. Some day they might want to *it*e it, but really for now, what more could they wish for?\nQuestion: In the passage above, does the pronoun \"*it*\" refer to \"*safe*\"?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
  }

  @Test
  void multirc0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("multirc", SharedData.require("datasets/multirc"), 0, 2);
    expect(
        p.get(0),
        0,
        4806,
        "The bar was manned by an expensive humanoid robot. It turned toward Sarah's wave and acknowledged her with a nod, moments later setting a fluted glass of sparkling liquid in front of her. I marveled at the robot's smoothness and coordination. Clearly, it was a high-end model. Sarah transferred the glass to my free hand and pulled me away from the bar for more introductions, with Alexis trailing after us. I spent the evening listening, mostly. Listening and stuffing my face with all the bits of fine food provided. No one minded; Sarah's inner circle was content to fill our circle of couches with plenty of chatter. Ray, a plump man who was grey where he wasn't bald. Zheng, short and dark and lean, with a very intense gaze. He made me a little uncomfortable. Kishori, petite, her hair strung out in a series of braids that reached nearly to her waist. I categorized them based on their appearances, hoping I'd be able to pick them out of the crowd again later. Most of their chatter was meaningless to me\u2014stories of day-to-day activities, how so-and-so had been seen in so-and-so's table at lunch and my wasn't that a surprise, and why hadn't the chef concocted this delectable a selection of appetizers for the dance the other night, but of course those rolled meat pastries reminded one of the pastries back on Earth, didn't they, and this was somehow an interesting fact. After the first half-hour, I stopped expending effort to keep names and stories and gossip straight. I wasn't learning anything useful. I could have started asking questions, but I wanted to get my bearings first. Tonight was for observation. I didn't bother trying to seek out a different group of potentially more interesting people, though. They all looked the same: clusters of social butterflies surrounded by the less apt, the hangers-on, the circle with whom the gossip was shared. \nQuestion: What were Zheng's traits?\nAnswer:",
        List.of(" Short\nIs the answer correct? yes", " Short\nIs the answer correct? no"),
        List.of(0));
    expect(
        p.get(1),
        1,
        2658,
        "Before 9/11, the CIA did not invest in developing a robust capability to conduct paramilitary operations with U.S. personnel. It relied on proxies instead, organized by CIA operatives without the requisite military training. The results were unsatisfactory. Whether the price is measured in either money or people, the United States cannot afford to build two separate capabilities for carrying out secret military operations, secretly operating standoff missiles, and secretly training foreign military or paramilitary forces. The United States should concentrate responsibility and necessary legal authorities in one entity. The post-9/11 Afghanistan precedent of using joint CIA-military teams for covert and clandestine operations was a good one. We believe this proposal to be consistent with it. Each agency would concentrate on its comparative advantages in building capabilities for joint missions. The operation itself would be planned in common. The CIA has a reputation for agility in operations. The military has a reputation for being methodical and cumbersome. We do not know if these stereotypes match current reality; they may also be one more symptom of the civil-military misunderstandings we described in chapter 4. It is a problem to be resolved in policy guidance and agency management, not in the creation of redundant, overlapping capabilities and authorities in such sensitive work. The CIA's experts should be integrated into the military's training, exercises, and planning. To quote a CIA official now serving in the field:\"One fight, one team.\" Finally, to combat the secrecy and complexity we have described, the overall amounts of money being appropriated for national intelligence and to its component agencies should no longer be kept secret. Congress should pass a separate appropriations act for intelligence, defending the broad allocation of how these tens of billions of dollars have been assigned among the varieties of intelligence work. The specifics of the intelligence appropriation would remain classified, as they are today. \nQuestion: Who should concentrate on one entity instead of two separate capabilities?\nAnswer:",
        List.of(
            " The United States Army branches\nIs the answer correct? yes",
            " The United States Army branches\nIs the answer correct? no"),
        List.of(1));
  }

  @Test
  void multirc1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("multirc", SharedData.require("datasets/multirc"), 1, 2);
    expectLong(
        p.get(0),
        0,
        4806,
        3269,
        "bd0f13bdf2b40871c4799c548485d6a87fc81f189c163c52fc44cce837bde965",
        "Ace , a wannabe rock star , is on his way to a concert of the band Guitar Wolf when space aliens invade the Earth .  As a result the dead rise to their feet in the countryside setting of Asahi , Japan",
        "e, though. They all looked the same: clusters of social butterflies surrounded by the less apt, the hangers-on, the circle with whom the gossip was shared. \nQuestion: What were Zheng's traits?\nAnswer:",
        List.of(" Short\nIs the answer correct? yes", " Short\nIs the answer correct? no"),
        List.of(0));
    expectLong(
        p.get(1),
        1,
        2658,
        3768,
        "bb69f8988fffdad3a92ec6d5462bce91c6b01d805c5d602bb16b6b9b2264de63",
        "In 1964 , in the peak of Beatlemania , a reluctant John Lennon is persuaded by manager Brian Epstein to meet Freddie Lennon , the father who abandoned him seventeen years earlier , with the press in a",
        "lligence work. The specifics of the intelligence appropriation would remain classified, as they are today. \nQuestion: Who should concentrate on one entity instead of two separate capabilities?\nAnswer:",
        List.of(
            " The United States Army branches\nIs the answer correct? yes",
            " The United States Army branches\nIs the answer correct? no"),
        List.of(1));
  }

  @Test
  void rte0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("rte", SharedData.require("datasets/rte"), 0, 2);
    expect(
        p.get(0),
        0,
        189,
        "The number of Danes opposed to swapping the krone for the euro has increased slightly to 35.3 percent, up from 34.6 percent in April, according to a poll published on Thursday by Danske Bank.\nQuestion: The introduction of the euro has been opposed. True or False?\nAnswer:",
        List.of(" True", " False"),
        List.of(0));
    expect(
        p.get(1),
        1,
        5,
        "In 1979, the leaders signed the Egypt-Israel peace treaty on the White House lawn. Both President Begin and Sadat received the Nobel Peace Prize for their work. The two nations have enjoyed peaceful relations to this day.\nQuestion: The Israel-Egypt Peace Agreement was signed in 1979. True or False?\nAnswer:",
        List.of(" True", " False"),
        List.of(0));
  }

  @Test
  void rte1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("rte", SharedData.require("datasets/rte"), 1, 2);
    expect(
        p.get(0),
        0,
        189,
        "McDonald's said overall global sales at its restaurants climbed 6.2% in June, 6.3% in the second quarter and 7.1% for the year to date.\nQuestion: McDonald's Corp., the world's largest restaurant chain, led the advance after the company reported earnings that exceeded estimates. True or False?\nAnswer: False\n\nThe number of Danes opposed to swapping the krone for the euro has increased slightly to 35.3 percent, up from 34.6 percent in April, according to a poll published on Thursday by Danske Bank.\nQuestion: The introduction of the euro has been opposed. True or False?\nAnswer:",
        List.of(" True", " False"),
        List.of(0));
    expect(
        p.get(1),
        1,
        5,
        "The son of Italy's last king returned to his homeland Monday, ending more than a half-century of exile. Victor Emmanuel and his family landed at a military airport in Rome in a private plane and headed immediately for an audience with Pope John Paul II.\nQuestion: Italian royal family returns home. True or False?\nAnswer: True\n\nIn 1979, the leaders signed the Egypt-Israel peace treaty on the White House lawn. Both President Begin and Sadat received the Nobel Peace Prize for their work. The two nations have enjoyed peaceful relations to this day.\nQuestion: The Israel-Egypt Peace Agreement was signed in 1979. True or False?\nAnswer:",
        List.of(" True", " False"),
        List.of(0));
  }

  @Test
  void lambada0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("lambada", SharedData.require("datasets/lambada"), 0, 2);
    expect(
        p.get(0),
        0,
        95,
        "\u201cCarlos Rafael Wilson.\u201d\nThe man smiled at him. Carlos didn\u2019t have a clue what was going on. He looked to his manager.\n\u201cTom here\u2019s just moved into the house at the bottom of the hill.\u201d\n\u201cOh right.\u201d\n\u201cAbout two, maybe three, miles away,\u201d Tom said and smiled at",
        List.of(" Carlos"),
        List.of(0));
    expect(
        p.get(1),
        1,
        4263,
        "\u201cYou wouldn\u2019t dare,\u201d Elijah growled. I squeaked as he was all of a sudden an inch or two behind the rogue. \u201cTell me, rogue, where is Delilah?\u201d The rogue stiffened. \u201cOn behalf of the Vampiric Council,\u201d he whispered. \u201cI hereby order you to tell me the whereabouts of",
        List.of(" Delilah"),
        List.of(0));
  }

  @Test
  void lambada1ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("lambada", SharedData.require("datasets/lambada"), 1, 2);
    expect(
        p.get(0),
        0,
        95,
        "One or two of the tribemates in the distance didn't seem to be super chipper-Shanna held her head in her hands, probably the result of overindulging last night.\n\nI glanced over at Dean. He lay in the bed looking up at me with an amused expression, his other arm tucked under his head. Beneath him, a thick bed of palm leaves had been crushed and trampled-probably by the rest of the tribe\n\n\u201cCarlos Rafael Wilson.\u201d\nThe man smiled at him. Carlos didn\u2019t have a clue what was going on. He looked to his manager.\n\u201cTom here\u2019s just moved into the house at the bottom of the hill.\u201d\n\u201cOh right.\u201d\n\u201cAbout two, maybe three, miles away,\u201d Tom said and smiled at",
        List.of(" Carlos"),
        List.of(0));
    expect(
        p.get(1),
        1,
        4263,
        "Piercing's in my nose and lips, eyebrows, and my ears are studded heavily. I'm dressed in black, a short skirt, boots, and a crop top that shows my ribcage. Right where my scar is now, there used to be a tattoo, cursive font that traced the name Evan.\n\nI touch my side and whisper, \"Evan\n\n\u201cYou wouldn\u2019t dare,\u201d Elijah growled. I squeaked as he was all of a sudden an inch or two behind the rogue. \u201cTell me, rogue, where is Delilah?\u201d The rogue stiffened. \u201cOn behalf of the Vampiric Council,\u201d he whispered. \u201cI hereby order you to tell me the whereabouts of",
        List.of(" Delilah"),
        List.of(0));
  }

  @Test
  void mathqa0ShotPromptsMatchTheOriginal() {
    List<DocPrompt> p = prompts("mathqa", SharedData.require("datasets/mathqa"), 0, 2);
    expect(
        p.get(0),
        0,
        1514,
        "Question: in a group of ducks and cows , the total number of legs are 26 more than twice the no . of heads . find the total no . of buffaloes .\nAnswer:",
        List.of(" 11", " 12", " 13", " 16", " 18"),
        List.of(2));
    expect(
        p.get(1),
        1,
        87,
        "Question: how many words , with or without meaning , can be formed using all letters of the word good using each letter exactly once ?\nAnswer:",
        List.of(" 18", " 20", " 22", " 23", " 24"),
        List.of(4));
  }

  @Test
  void hellaswag0ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("hellaswag", hellaswagFiles(), 0, 4);
    expect(
        p.get(0),
        0,
        1,
        "Clean and jerk: A lady walks to a barbell. She bends down and grabs the pole. The lady",
        List.of(
            " swings and lands in her arms.",
            " pulls the barbell forward.",
            " pulls a rope attached to the barbell.",
            " stands and lifts the weight over her head."),
        List.of(3));
    expect(
        p.get(1),
        1,
        0,
        "Roof shingle removal: A man is sitting on a roof. He starts pulling up roofing with john.",
        List.of(
            " is using wrap to wrap a pair of skis.",
            " is ripping level tiles off.",
            " is holding a rubik's cube.",
            " starts pulling up roofing on a roof."),
        List.of(3));
    expect(
        p.get(2),
        2,
        2,
        "Home and Garden: How to grow tomatoes. Choose a sunny spot. Tomatoes need light.",
        List.of(
            "  Water them daily.",
            " Plant them. in the shade.",
            " Buy seeds.",
            " Dig a hole  twice."),
        List.of(0));
    assertEquals(3, p.size());
  }

  @Test
  void hellaswag1ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("hellaswag", hellaswagFiles(), 1, 4);
    expect(
        p.get(0),
        0,
        1,
        "Ice fishing: A man drills a hole in the ice. He drops a line.\n\nClean and jerk: A lady walks to a barbell. She bends down and grabs the pole. The lady",
        List.of(
            " swings and lands in her arms.",
            " pulls the barbell forward.",
            " pulls a rope attached to the barbell.",
            " stands and lifts the weight over her head."),
        List.of(3));
    expect(
        p.get(1),
        1,
        0,
        "Skiing: People ski down a hill. A man falls down.\n\nRoof shingle removal: A man is sitting on a roof. He starts pulling up roofing with john.",
        List.of(
            " is using wrap to wrap a pair of skis.",
            " is ripping level tiles off.",
            " is holding a rubik's cube.",
            " starts pulling up roofing on a roof."),
        List.of(3));
    expect(
        p.get(2),
        2,
        2,
        "Baking cookies: A woman mixes flour and sugar. She adds eggs bakes them.\n\nHome and Garden: How to grow tomatoes. Choose a sunny spot. Tomatoes need light.",
        List.of(
            "  Water them daily.",
            " Plant them. in the shade.",
            " Buy seeds.",
            " Dig a hole  twice."),
        List.of(0));
    assertEquals(3, p.size());
  }

  @Test
  void winogrande0ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("winogrande", winograndeFiles(), 0, 4);
    expect(
        p.get(0),
        0,
        1,
        "The trophy doesn't fit into the brown suitcase because the trophy",
        List.of(" is too large.", " is too large."),
        List.of(0));
    assertEquals(
        List.of(
            "The trophy doesn't fit into the brown suitcase because the trophy",
            "The trophy doesn't fit into the brown suitcase because the suitcase"),
        p.get(0).requests().stream().map(TextRequest::context).toList());
    expect(
        p.get(1),
        1,
        0,
        "Sarah was a much better surgeon than Maria so Sarah",
        List.of(" always got the harder cases.", " always got the harder cases."),
        List.of(0));
    assertEquals(
        List.of(
            "Sarah was a much better surgeon than Maria so Sarah",
            "Sarah was a much better surgeon than Maria so Maria"),
        p.get(1).requests().stream().map(TextRequest::context).toList());
    expect(
        p.get(2),
        2,
        2,
        "Ian volunteered to eat Dennis's menudo because Dennis",
        List.of(" despised eating intestine.", " despised eating intestine."),
        List.of(1));
    assertEquals(
        List.of(
            "Ian volunteered to eat Dennis's menudo because Ian",
            "Ian volunteered to eat Dennis's menudo because Dennis"),
        p.get(2).requests().stream().map(TextRequest::context).toList());
    assertEquals(3, p.size());
  }

  @Test
  void winogrande2ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("winogrande", winograndeFiles(), 2, 4);
    expect(
        p.get(0),
        0,
        1,
        "The cat chased the mouse until cat was tired.\n\nJohn gave Bill money because Bill was broke.\n\nThe trophy doesn't fit into the brown suitcase because the trophy",
        List.of(" is too large.", " is too large."),
        List.of(0));
    assertEquals(
        List.of(
            "The cat chased the mouse until cat was tired.\n\nJohn gave Bill money because Bill was broke.\n\nThe trophy doesn't fit into the brown suitcase because the trophy",
            "The cat chased the mouse until cat was tired.\n\nJohn gave Bill money because Bill was broke.\n\nThe trophy doesn't fit into the brown suitcase because the suitcase"),
        p.get(0).requests().stream().map(TextRequest::context).toList());
    expect(
        p.get(1),
        1,
        0,
        "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nSarah was a much better surgeon than Maria so Sarah",
        List.of(" always got the harder cases.", " always got the harder cases."),
        List.of(0));
    assertEquals(
        List.of(
            "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nSarah was a much better surgeon than Maria so Sarah",
            "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nSarah was a much better surgeon than Maria so Maria"),
        p.get(1).requests().stream().map(TextRequest::context).toList());
    expect(
        p.get(2),
        2,
        2,
        "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nIan volunteered to eat Dennis's menudo because Dennis",
        List.of(" despised eating intestine.", " despised eating intestine."),
        List.of(1));
    assertEquals(
        List.of(
            "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nIan volunteered to eat Dennis's menudo because Ian",
            "The cat chased the mouse until cat was tired.\n\nThe bottle fell on the glass and glass broke.\n\nIan volunteered to eat Dennis's menudo because Dennis"),
        p.get(2).requests().stream().map(TextRequest::context).toList());
    assertEquals(3, p.size());
  }

  @Test
  void mathqa1ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("mathqa", mathqaFiles(), 1, 4);
    expect(
        p.get(0),
        0,
        1,
        "Question: how many sides does a triangle have ?\nAnswer:3\n\nQuestion: what is 2 + 2 ?\nAnswer:",
        List.of(" 3", " 4", " 5", " 6", " 7"),
        List.of(1));
    expect(
        p.get(1),
        1,
        0,
        "Question: what is 10 % of 50 ?\nAnswer:5\n\nQuestion: a shopkeeper sold an article offering a discount of 5 % and earned a profit of 31.1 % . what would have been the percentage of profit earned if no discount had been offered ?\nAnswer:",
        List.of(" 38", " 27.675", " 30", " data inadequate", " none of these"),
        List.of(0));
    expect(
        p.get(2),
        2,
        2,
        "Question: how many sides does a triangle have ?\nAnswer:3\n\nQuestion: find the odd one : 3 , 5 , 8\nAnswer:",
        List.of(" 3'", " 5'", " 8'", " 9'", " 11']"),
        List.of(2));
    assertEquals(3, p.size());
  }

  @Test
  void piqa1ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("piqa", piqaFiles(), 1, 4);
    expect(
        p.get(0),
        0,
        1,
        "Question: When boiling butter, when it's ready, you can\nAnswer: Pour it into a jar\n\nQuestion: dresser\nAnswer:",
        List.of(" replace drawer with bobby pin ", " finish, woodgrain with  bobby pin "),
        List.of(1));
    expect(
        p.get(1),
        1,
        0,
        "Question: To permanently attach metal legs to a chair, you can\nAnswer: Weld the metal together to get it to stay firmly in place\n\nQuestion: How do I ready a guinea pig cage for it's new occupants?\nAnswer:",
        List.of(
            " Provide the guinea pig with a cage full of a few inches of bedding made of ripped paper strips, you will also need to supply it with a water bottle and a food dish.",
            " Provide the guinea pig with a cage full of a few inches of bedding made of ripped jeans material, you will also need to supply it with a water bottle and a food dish."),
        List.of(0));
    expect(
        p.get(2),
        2,
        2,
        "Question: When boiling butter, when it's ready, you can\nAnswer: Pour it into a jar\n\nQuestion: To fold a T-shirt neatly,\nAnswer:",
        List.of(" lay it flat and fold the sleeves in.", " crumple it into a ball."),
        List.of(0));
    assertEquals(3, p.size());
  }

  @Test
  void boolq1ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("boolq", boolqFiles(), 1, 4);
    expect(
        p.get(0),
        0,
        1,
        "Persian language -- Persian is spoken in Iran and Afghanistan.\nQuestion: do iran and afghanistan speak the same language?\nAnswer: yes\n\nProperty tax -- Property tax or 'house tax' is a local tax on buildings.\nQuestion: is house tax and property tax are same?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
    expect(
        p.get(1),
        1,
        0,
        "Sun -- The Sun is the star at the center of the Solar System.\nQuestion: is the sun a planet?\nAnswer: no\n\nEthanol fuel -- All biomass goes through at least some of these steps.\nQuestion: does ethanol take more energy make that produces?\nAnswer:",
        List.of(" yes", " no"),
        List.of(1));
    expect(
        p.get(2),
        2,
        2,
        "Persian language -- Persian is spoken in Iran and Afghanistan.\nQuestion: do iran and afghanistan speak the same language?\nAnswer: yes\n\nPhantom pain -- Phantom pain sensations are described as perceptions that an individual experiences relating to a limb or an organ that is not physically part of the body.\nQuestion: is pain experienced in a missing body part or paralyzed area?\nAnswer:",
        List.of(" yes", " no"),
        List.of(0));
    assertEquals(3, p.size());
  }

  @Test
  void record0ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("record", recordFiles(), 0, 4);
    expect(
        p.get(0),
        0,
        2,
        "Apple and Google announced a partnership in Berlin.\n\n  - Apple, Google team up.\n",
        List.of(
            "  - The deal was signed in Apple, officials said.",
            "  - The deal was signed in Berlin, officials said.",
            "  - The deal was signed in Google, officials said."),
        List.of(1));
    expect(
        p.get(1),
        1,
        1,
        "(CNN) -- Zo\u00eb Baker \ud83c\udf89 met the Mayor of Lyon in Paris on Tuesday. Baker said the talks went well.\n\n  - Zo\u00eb Baker visits Paris.\n  - Talks with the Mayor of Lyon went well.\n",
        List.of(
            "  - The Mayor of Baker hosted the talks.",
            "  - The Mayor of CNN hosted the talks.",
            "  - The Mayor of Lyon hosted the talks.",
            "  - The Mayor of Paris hosted the talks.",
            "  - The Mayor of Zo\u00eb Baker hosted the talks."),
        List.of(2));
    expect(
        p.get(2),
        2,
        3,
        "NASA launched the Artemis rocket from Florida.\n\n  - Artemis lifts off.\n",
        List.of(
            "  - Artemis engineers cheered as Artemis rose.",
            "  - Florida engineers cheered as Artemis rose.",
            "  - NASA engineers cheered as Artemis rose."),
        List.of(2));
    expect(
        p.get(3),
        3,
        0,
        "(CNN) -- Zo\u00eb Baker \ud83c\udf89 met the Mayor of Lyon in Paris on Tuesday. Baker said the talks went well.\n\n  - Zo\u00eb Baker visits Paris.\n  - Talks with the Mayor of Lyon went well.\n",
        List.of(
            "  - Baker said the meeting in Paris was productive.",
            "  - CNN said the meeting in Paris was productive.",
            "  - Lyon said the meeting in Paris was productive.",
            "  - Paris said the meeting in Paris was productive.",
            "  - Zo\u00eb Baker said the meeting in Paris was productive."),
        List.of(0, 4));
    assertEquals(4, p.size());
  }

  @Test
  void record1ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("record", recordFiles(), 1, 4);
    expect(
        p.get(0),
        0,
        2,
        "The Lakers beat the Celtics 101-99 in Los Angeles.\n\n  - Lakers win thriller.\n  - Lakers fans celebrated late into the night.\n\nApple and Google announced a partnership in Berlin.\n\n  - Apple, Google team up.\n",
        List.of(
            "  - The deal was signed in Apple, officials said.",
            "  - The deal was signed in Berlin, officials said.",
            "  - The deal was signed in Google, officials said."),
        List.of(1));
    expect(
        p.get(1),
        1,
        1,
        "The Lakers beat the Celtics 101-99 in Los Angeles.\n\n  - Lakers win thriller.\n  - Lakers fans celebrated late into the night.\n\n(CNN) -- Zo\u00eb Baker \ud83c\udf89 met the Mayor of Lyon in Paris on Tuesday. Baker said the talks went well.\n\n  - Zo\u00eb Baker visits Paris.\n  - Talks with the Mayor of Lyon went well.\n",
        List.of(
            "  - The Mayor of Baker hosted the talks.",
            "  - The Mayor of CNN hosted the talks.",
            "  - The Mayor of Lyon hosted the talks.",
            "  - The Mayor of Paris hosted the talks.",
            "  - The Mayor of Zo\u00eb Baker hosted the talks."),
        List.of(2));
    expect(
        p.get(2),
        2,
        3,
        "The Lakers beat the Celtics 101-99 in Los Angeles.\n\n  - Lakers win thriller.\n  - Lakers fans celebrated late into the night.\n\nNASA launched the Artemis rocket from Florida.\n\n  - Artemis lifts off.\n",
        List.of(
            "  - Artemis engineers cheered as Artemis rose.",
            "  - Florida engineers cheered as Artemis rose.",
            "  - NASA engineers cheered as Artemis rose."),
        List.of(2));
    expect(
        p.get(3),
        3,
        0,
        "The Lakers beat the Celtics 101-99 in Los Angeles.\n\n  - Lakers win thriller.\n  - Lakers fans celebrated late into the night.\n\n(CNN) -- Zo\u00eb Baker \ud83c\udf89 met the Mayor of Lyon in Paris on Tuesday. Baker said the talks went well.\n\n  - Zo\u00eb Baker visits Paris.\n  - Talks with the Mayor of Lyon went well.\n",
        List.of(
            "  - Baker said the meeting in Paris was productive.",
            "  - CNN said the meeting in Paris was productive.",
            "  - Lyon said the meeting in Paris was productive.",
            "  - Paris said the meeting in Paris was productive.",
            "  - Zo\u00eb Baker said the meeting in Paris was productive."),
        List.of(0, 4));
    assertEquals(4, p.size());
  }

  @Test
  void lambada2ShotPromptsOnReleaseFormatFilesMatchTheOriginal() throws IOException {
    List<DocPrompt> p = prompts("lambada", lambadaFiles(), 2, 4);
    expect(
        p.get(0),
        0,
        2,
        "she opened the door and saw her brother\n\nthe cat sat on the mat\n\nhe paid with a golden",
        List.of(" coin"),
        List.of(0));
    expect(
        p.get(1),
        1,
        1,
        "the cat sat on the mat\n\nhe paid with a golden coin\n\nshe opened the door and saw her",
        List.of(" brother"),
        List.of(0));
    expect(
        p.get(2),
        2,
        3,
        "the cat sat on the mat\n\nhe paid with a golden coin\n\nthey sailed across the wide",
        List.of(" sea"),
        List.of(0));
    expect(
        p.get(3),
        3,
        0,
        "they sailed across the wide sea\n\nhe paid with a golden coin\n\nthe cat sat on the",
        List.of(" mat"),
        List.of(0));
    assertEquals(4, p.size());
  }

  private Path hellaswagFiles() throws IOException {
    Path dir = tmp.resolve("hellaswag");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("hellaswag_train.jsonl"),
        String.join(
            "\n",
            "{\"activity_label\": \"Ice fishing\", \"ctx_a\": \"A man drills a hole in the ice.\", \"ctx_b\": \"he\", \"endings\": [\"drops a line.\", \"eats a sandwich.\", \"flies away.\", \"sings.\"], \"label\": \"0\"}",
            "{\"activity_label\": \"Baking cookies\", \"ctx_a\": \"A woman mixes flour and sugar.\", \"ctx_b\": \"she Adds EGGS\", \"endings\": [\"bakes them.\", \"throws them.\", \"paints them.\", \"sells them.\"], \"label\": \"0\"}",
            "{\"activity_label\": \"Skiing\", \"ctx_a\": \"People ski down a hill.\", \"ctx_b\": \"a man\", \"endings\": [\"falls down.\", \"swims.\", \"cooks.\", \"reads.\"], \"label\": \"0\"}",
            ""));
    Files.writeString(
        dir.resolve("hellaswag_val.jsonl"),
        String.join(
            "\n",
            "{\"ind\": 24, \"activity_label\": \"Roof shingle removal\", \"ctx_a\": \"A man is sitting on a roof.\", \"ctx_b\": \"he starts pulling up roofing with John.\", \"ctx\": \"\", \"endings\": [\"is using wrap to wrap a pair of skis.\", \"is ripping level tiles off.\", \"is holding a rubik's cube.\", \"starts pulling up roofing on a roof.\"], \"label\": 3, \"split\": \"val\", \"split_type\": \"indomain\", \"source_id\": \"activitynet~v_-JhWjGDPHMY\"}",
            "{\"ind\": 92, \"activity_label\": \"Clean and jerk\", \"ctx_a\": \"A lady walks to a barbell. She bends down and grabs the pole.\", \"ctx_b\": \"the lady\", \"ctx\": \"\", \"endings\": [\"swings and lands in her arms.\", \"pulls the barbell forward.\", \"pulls a rope attached to the barbell.\", \"stands and lifts the weight over her head.\"], \"label\": 3, \"split\": \"val\", \"split_type\": \"zeroshot\", \"source_id\": \"activitynet~v_-lJS58hyo1c\"}",
            "{\"ind\": 106, \"activity_label\": \"Home and Garden\", \"ctx_a\": \"[header] How to grow tomatoes [title] Choose a sunny spot. [step] Tomatoes need  light.\", \"ctx_b\": \"\", \"ctx\": \"\", \"endings\": [\" [substeps] Water them daily.\", \"Plant them [title] in the shade.\", \"Buy seeds.\", \"Dig a hole  [step] twice.\"], \"label\": 0, \"split\": \"val\", \"split_type\": \"indomain\", \"source_id\": \"wikihow~1\"}",
            ""));
    return dir;
  }

  private Path winograndeFiles() throws IOException {
    Path dir = tmp.resolve("winogrande");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("dev.jsonl"),
        String.join(
            "\n",
            "{\"qID\": \"d1\", \"sentence\": \"Sarah was a much better surgeon than Maria so _ always got the harder cases.\", \"option1\": \"Sarah\", \"option2\": \"Maria\", \"answer\": \"1\"}",
            "{\"qID\": \"d2\", \"sentence\": \"The trophy doesn't fit into the brown suitcase because the _ is too large.\", \"option1\": \"trophy\", \"option2\": \"suitcase\", \"answer\": \"1\"}",
            "{\"qID\": \"d3\", \"sentence\": \"Ian volunteered to eat Dennis's menudo because _ despised eating intestine.\", \"option1\": \"Ian\", \"option2\": \"Dennis\", \"answer\": \"2\"}",
            ""));
    Files.writeString(dir.resolve("train_xl-labels.lst"), String.join("\n", "1", "2", "2", ""));
    Files.writeString(
        dir.resolve("train_xl.jsonl"),
        String.join(
            "\n",
            "{\"qID\": \"t1\", \"sentence\": \"The cat chased the mouse until _ was tired.\", \"option1\": \"cat\", \"option2\": \"mouse\", \"answer\": \"1\"}",
            "{\"qID\": \"t2\", \"sentence\": \"John gave Bill money because _ was broke.\", \"option1\": \"John\", \"option2\": \"Bill\", \"answer\": \"2\"}",
            "{\"qID\": \"t3\", \"sentence\": \"The bottle fell on the glass and _ broke.\", \"option1\": \"bottle\", \"option2\": \"glass\", \"answer\": \"2\"}",
            ""));
    return dir;
  }

  private Path mathqaFiles() throws IOException {
    Path dir = tmp.resolve("mathqa");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("test.json"),
        String.join(
            "\n",
            "[",
            " {",
            "  \"Problem\": \"a shopkeeper sold an article offering a discount of 5 % and earned a profit of 31.1 % . what would have been the percentage of profit earned if no discount had been offered ?\",",
            "  \"Rationale\": \"...\",",
            "  \"options\": \"a ) 38 , b ) 27.675 , c ) 30 , d ) data inadequate , e ) none of these\",",
            "  \"correct\": \"a\",",
            "  \"annotated_formula\": \"\",",
            "  \"linear_formula\": \"\",",
            "  \"category\": \"gain\"",
            " },",
            " {",
            "  \"Problem\": \"what is 2 + 2 ?\",",
            "  \"Rationale\": \"\",",
            "  \"options\": \"a ) 3 , b ) 4 , c ) 5 , d ) 6 , e ) 7\",",
            "  \"correct\": \"b\",",
            "  \"annotated_formula\": \"\",",
            "  \"linear_formula\": \"\",",
            "  \"category\": \"general\"",
            " },",
            " {",
            "  \"Problem\": \"find the odd one : 3 , 5 , 8\",",
            "  \"Rationale\": \"\",",
            "  \"options\": \"['a ) 3', 'b ) 5', 'c ) 8', 'd ) 9', 'e ) 11']\",",
            "  \"correct\": \"c\",",
            "  \"annotated_formula\": \"\",",
            "  \"linear_formula\": \"\",",
            "  \"category\": \"other\"",
            " }",
            "]"));
    Files.writeString(
        dir.resolve("train.json"),
        String.join(
            "\n",
            "[",
            " {",
            "  \"Problem\": \"how many sides does a triangle have ?\",",
            "  \"Rationale\": \"\",",
            "  \"options\": \"a ) 2 , b ) 3 , c ) 4 , d ) 5 , e ) 6\",",
            "  \"correct\": \"b\",",
            "  \"annotated_formula\": \"\",",
            "  \"linear_formula\": \"\",",
            "  \"category\": \"geometry\"",
            " },",
            " {",
            "  \"Problem\": \"what is 10 % of 50 ?\",",
            "  \"Rationale\": \"\",",
            "  \"options\": \"a ) 5 , b ) 10 , c ) 0.5 , d ) 50 , e ) none\",",
            "  \"correct\": \"a\",",
            "  \"annotated_formula\": \"\",",
            "  \"linear_formula\": \"\",",
            "  \"category\": \"gain\"",
            " }",
            "]"));
    return dir;
  }

  private Path piqaFiles() throws IOException {
    Path dir = tmp.resolve("piqa");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("train-labels.lst"), String.join("\n", "1", "0", ""));
    Files.writeString(
        dir.resolve("train.jsonl"),
        String.join(
            "\n",
            "{\"id\": \"t1\", \"goal\": \"When boiling butter, when it's ready, you can\", \"sol1\": \"Pour it onto a plate\", \"sol2\": \"Pour it into a jar\"}",
            "{\"id\": \"t2\", \"goal\": \"To permanently attach metal legs to a chair, you can\", \"sol1\": \"Weld the metal together to get it to stay firmly in place\", \"sol2\": \"Nail the metal together to get it to stay firmly in place\"}",
            ""));
    Files.writeString(dir.resolve("valid-labels.lst"), String.join("\n", "0", "1", "0", ""));
    Files.writeString(
        dir.resolve("valid.jsonl"),
        String.join(
            "\n",
            "{\"id\": \"v1\", \"goal\": \"How do I ready a guinea pig cage for it's new occupants?\", \"sol1\": \"Provide the guinea pig with a cage full of a few inches of bedding made of ripped paper strips, you will also need to supply it with a water bottle and a food dish.\", \"sol2\": \"Provide the guinea pig with a cage full of a few inches of bedding made of ripped jeans material, you will also need to supply it with a water bottle and a food dish.\"}",
            "{\"id\": \"v2\", \"goal\": \"dresser\", \"sol1\": \"replace drawer with bobby pin \", \"sol2\": \"finish, woodgrain with  bobby pin \"}",
            "{\"id\": \"v3\", \"goal\": \"To fold a T-shirt neatly,\", \"sol1\": \"lay it flat and fold the sleeves in.\", \"sol2\": \"crumple it into a ball.\"}",
            ""));
    return dir;
  }

  private Path boolqFiles() throws IOException {
    Path dir = tmp.resolve("boolq");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("train.jsonl"),
        String.join(
            "\n",
            "{\"question\": \"do iran and afghanistan speak the same language\", \"passage\": \"Persian language -- Persian is spoken in Iran and Afghanistan.\", \"idx\": 0, \"label\": true}",
            "{\"question\": \"is the sun a planet\", \"passage\": \"Sun -- The Sun is the star at the center of the Solar System.\", \"idx\": 1, \"label\": false}",
            ""));
    Files.writeString(
        dir.resolve("val.jsonl"),
        String.join(
            "\n",
            "{\"question\": \"does ethanol take more energy make that produces\", \"passage\": \"Ethanol fuel -- All biomass goes through at least some of these steps.\", \"idx\": 0, \"label\": false}",
            "{\"question\": \"is house tax and property tax are same\", \"passage\": \"Property tax -- Property tax or 'house tax' is a local tax on buildings.\", \"idx\": 1, \"label\": true}",
            "{\"question\": \"is pain experienced in a missing body part or paralyzed area\", \"passage\": \"Phantom pain -- Phantom pain sensations are described as perceptions that an individual experiences relating to a limb or an organ that is not physically part of the body.\", \"idx\": 2, \"label\": true}",
            ""));
    return dir;
  }

  private Path recordFiles() throws IOException {
    Path dir = tmp.resolve("record");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("train.jsonl"),
        String.join(
            "\n",
            "{\"source\": \"Daily mail\", \"passage\": {\"text\": \"The Lakers beat the Celtics 101-99 in Los Angeles.\\n@highlight\\nLakers win thriller\", \"entities\": [{\"start\": 4, \"end\": 9}, {\"start\": 20, \"end\": 26}, {\"start\": 38, \"end\": 48}]}, \"qas\": [{\"query\": \"@placeholder fans celebrated late into the night.\", \"answers\": [{\"start\": 4, \"end\": 9, \"text\": \"Lakers\"}], \"idx\": 50, \"id\": \"q5-0\"}], \"idx\": 5}",
            "{\"source\": \"Daily mail\", \"passage\": {\"text\": \"Toyota recalled cars in Japan and Canada.\\n@highlight\\nToyota recall widens\\n@highlight\\nCanada affected\", \"entities\": [{\"start\": 0, \"end\": 5}, {\"start\": 24, \"end\": 28}, {\"start\": 34, \"end\": 39}]}, \"qas\": [{\"query\": \"Drivers in @placeholder were told to visit dealers.\", \"answers\": [{\"start\": 34, \"end\": 39, \"text\": \"Canada\"}, {\"start\": 24, \"end\": 28, \"text\": \"Japan\"}], \"idx\": 60, \"id\": \"q6-0\"}], \"idx\": 6}",
            ""));
    Files.writeString(
        dir.resolve("val.jsonl"),
        String.join(
            "\n",
            "{\"source\": \"Daily mail\", \"passage\": {\"text\": \"(CNN) -- Zo\u00eb Baker \ud83c\udf89 met the Mayor of Lyon in Paris on Tuesday. Baker said the talks went well.\\n@highlight\\nZo\u00eb Baker visits Paris\\n@highlight\\nTalks with the Mayor of Lyon went well\", \"entities\": [{\"start\": 1, \"end\": 3}, {\"start\": 9, \"end\": 17}, {\"start\": 38, \"end\": 41}, {\"start\": 46, \"end\": 50}, {\"start\": 13, \"end\": 17}, {\"start\": 9, \"end\": 17}, {\"start\": 38, \"end\": 41}]}, \"qas\": [{\"query\": \"@placeholder said the meeting in Paris was productive.\", \"answers\": [{\"start\": 9, \"end\": 17, \"text\": \"Zo\u00eb Baker\"}, {\"start\": 13, \"end\": 17, \"text\": \"Baker\"}], \"idx\": 0, \"id\": \"q0-0\"}, {\"query\": \"The Mayor of @placeholder hosted the talks.\", \"answers\": [{\"start\": 38, \"end\": 41, \"text\": \"Lyon\"}], \"idx\": 1, \"id\": \"q0-1\"}], \"idx\": 0}",
            "{\"source\": \"Daily mail\", \"passage\": {\"text\": \"  Apple and Google announced a partnership in Berlin.\\n@highlight\\nApple, Google team up  \", \"entities\": [{\"start\": 2, \"end\": 6}, {\"start\": 12, \"end\": 17}, {\"start\": 46, \"end\": 51}]}, \"qas\": [{\"query\": \"The deal was signed in @placeholder, officials said.\", \"answers\": [{\"start\": 46, \"end\": 51, \"text\": \"Berlin\"}], \"idx\": 10, \"id\": \"q1-0\"}], \"idx\": 1}",
            "{\"source\": \"Daily mail\", \"passage\": {\"text\": \"NASA launched the Artemis rocket from Florida.\\n@highlight\\nArtemis lifts off\", \"entities\": [{\"start\": 0, \"end\": 3}, {\"start\": 18, \"end\": 24}, {\"start\": 38, \"end\": 44}]}, \"qas\": [{\"query\": \"@placeholder engineers cheered as Artemis rose.\", \"answers\": [{\"start\": 0, \"end\": 3, \"text\": \"NASA\"}], \"idx\": 20, \"id\": \"q2-0\"}], \"idx\": 2}",
            ""));
    return dir;
  }

  private Path lambadaFiles() throws IOException {
    Path dir = tmp.resolve("lambada");
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("lambada_test.jsonl"),
        String.join(
            "\n",
            "{\"text\": \"the cat sat on the mat\"}",
            "{\"text\": \"she opened the door and saw her brother\"}",
            "{\"text\": \"he paid with a golden coin\"}",
            "{\"text\": \"they sailed across the wide sea\"}",
            ""));
    return dir;
  }
}
