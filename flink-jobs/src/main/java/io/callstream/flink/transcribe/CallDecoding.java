package io.callstream.flink.transcribe;

import io.callstream.audio.AudioFormatException;
import io.callstream.audio.SpeechChunk;
import io.callstream.audio.SpeechCutter;
import io.callstream.audio.StreamDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder and the silence cutter of one call's audio while it streams in. Lives only in the
 * memory of the task that decodes the call (a decoder may be a child process): it cannot be
 * checkpointed. Holds at most one chunk per channel of cut audio. Not thread-safe.
 */
final class CallDecoding implements AutoCloseable {

  private final String workspaceId;
  private final StreamDecoder decoder;
  private final SpeechCutter cutter;
  private final List<SpeechChunk> cut = new ArrayList<>();

  private CallDecoding(String workspaceId, StreamDecoder decoder, int maxChunkMs) {
    this.workspaceId = workspaceId;
    this.decoder = decoder;
    this.cutter = SpeechCutter.of(maxChunkMs, cut::add);
  }

  /** Opens decoding of audio of {@code contentType}; fails if no decoder takes it. */
  static CallDecoding open(String workspaceId, String contentType, int maxChunkMs)
      throws AudioFormatException {
    return new CallDecoding(workspaceId, StreamDecoder.forContentType(contentType), maxChunkMs);
  }

  String workspaceId() {
    return workspaceId;
  }

  /** Decodes the next bytes; returns the speech chunks they completed. */
  List<SpeechChunk> push(byte[] bytes) throws AudioFormatException {
    return cutAll(decoder.push(bytes));
  }

  /** The speech chunks completed by output the decoder produced since. */
  List<SpeechChunk> poll() throws AudioFormatException {
    return cutAll(decoder.poll());
  }

  /** Ends the audio: the remaining speech chunks. */
  List<SpeechChunk> finish() throws AudioFormatException {
    List<float[][]> rest = decoder.finish();
    rest.forEach(cutter::accept);
    cutter.finish();
    return drain();
  }

  /** How much audio was decoded, in milliseconds. */
  long receivedMs() {
    return cutter.receivedMs();
  }

  @Override
  public void close() {
    decoder.close();
  }

  private List<SpeechChunk> cutAll(List<float[][]> blocks) {
    blocks.forEach(cutter::accept);
    return drain();
  }

  private List<SpeechChunk> drain() {
    if (cut.isEmpty()) {
      return List.of();
    }
    List<SpeechChunk> done = List.copyOf(cut);
    cut.clear();
    return done;
  }
}
