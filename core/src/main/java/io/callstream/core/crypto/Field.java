package io.callstream.core.crypto;

/**
 * The kinds of call content that are encrypted at rest. The field is part of the associated data,
 * so a ciphertext stored as one field cannot be replayed as another (a transcript as a summary).
 *
 * <p>Each constant has a stable {@link #label()} that goes into the associated data instead of its
 * Java name, so renaming a constant never breaks decryption. Never change a label.
 */
public enum Field {
  /** Transcript segment text. */
  TRANSCRIPT_TEXT("transcript_text"),
  /** Speaker name or label of a transcript segment. */
  SPEAKER("speaker"),
  /** Audio chunk bytes. */
  AUDIO("audio"),
  /** A mindmap or a partial mindmap. */
  MINDMAP("mindmap"),
  /** A detected insight. */
  INSIGHT("insight"),
  /** A call summary. */
  SUMMARY("summary"),
  /** Participant names, emails and phone numbers. */
  PARTICIPANTS("participants"),
  /** Call title, often naming a customer. */
  TITLE("title"),
  /** Other free-form call metadata. */
  METADATA("metadata"),
  /** Integration credentials (CRM tokens and the like). */
  CREDENTIAL("credential");

  private final String label;

  Field(String label) {
    this.label = label;
  }

  /** The stable name of this field in associated data. */
  public String label() {
    return label;
  }
}
