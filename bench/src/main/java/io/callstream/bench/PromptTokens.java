package io.callstream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.callstream.core.token.TokenCounter;
import io.callstream.llmtest.RecordedRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the prompt tokens of one chat request go, counted with o200k the way the test server bills
 * them (4 tokens per message, 3 for the reply's priming, plus the response schema): the system
 * prompt, the schema, and in the user message the text of the transcript lines to analyze, the text
 * of the context lines, and the markup around them ({@code [ids] speaker: }, headings, the speaker
 * legend). Lines are read in the analyzers' prompt format ({@code PromptFormat}); a repair's extra
 * messages count as markup.
 *
 * @param total as the server billed it
 * @param system the system message, its 4 framing tokens included
 * @param schema the response format's JSON schema
 * @param ownText text of the lines to analyze (under {@code Chunk:} or, in a synthesis, every line)
 * @param contextText text of the lines under {@code Context:}
 * @param markup everything else: ids, speakers, headings, framing, repair messages
 */
record PromptTokens(
    long total, long system, long schema, long ownText, long contextText, long markup) {

  private static final String CONTEXT = "Context:";
  private static final String SPEAKERS = "Speakers:";
  private static final Pattern HEADING = Pattern.compile("^[A-Z][A-Za-z ,]*:$");

  /** {@code [ids] who: text}; context lines come without ids. */
  private static final Pattern LINE = Pattern.compile("^(?:\\[[^\\]]*] )?[^:\\n]*: (.*)$");

  static final PromptTokens NONE = new PromptTokens(0, 0, 0, 0, 0, 0);

  static PromptTokens of(RecordedRequest request) {
    TokenCounter counter = TokenCounter.o200k();
    JsonNode body = request.json();
    long system = 0;
    long own = 0;
    long context = 0;
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      String content = message.path("content").asText("");
      if ("system".equals(role)) {
        system += 4 + counter.count(content);
      } else if ("user".equals(role)) {
        boolean inContext = false;
        for (String line : content.split("\\R")) {
          if (line.equals(CONTEXT)) {
            inContext = true;
          } else if (HEADING.matcher(line).matches() || line.startsWith(SPEAKERS)) {
            inContext = false;
          } else {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
              long tokens = counter.count(matcher.group(1));
              if (inContext) {
                context += tokens;
              } else {
                own += tokens;
              }
            }
          }
        }
      }
    }
    JsonNode schema = body.path("response_format").path("json_schema").path("schema");
    long schemaTokens = schema.isMissingNode() ? 0 : counter.count(schema.toString());
    long total = request.promptTokens();
    return new PromptTokens(
        total, system, schemaTokens, own, context, total - system - schemaTokens - own - context);
  }

  /** The lines in the prompt format in a request's user messages. */
  static int lines(RecordedRequest request) {
    int lines = 0;
    for (JsonNode message : request.json().path("messages")) {
      if ("user".equals(message.path("role").asText())) {
        for (String line : message.path("content").asText("").split("\\R")) {
          if (!line.startsWith(SPEAKERS) && LINE.matcher(line).matches()) {
            lines++;
          }
        }
      }
    }
    return lines;
  }

  PromptTokens plus(PromptTokens other) {
    return new PromptTokens(
        total + other.total,
        system + other.system,
        schema + other.schema,
        ownText + other.ownText,
        contextText + other.contextText,
        markup + other.markup);
  }
}
