package io.callstream.audio;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts a stream of 16 kHz mono {@link Pcm} into {@link AudioChunk}s of at most {@code maxChunkMs},
 * cutting only inside silences that {@link VoiceActivity} finds. When the chunk under way reaches
 * the limit it is cut in the middle of its longest silence (the later one on a tie) that does not
 * touch the chunk's start, and the rest carries over into the next chunk. Only when a chunk holds
 * no silence at all (30 s without a pause) is it cut at its quietest frame. Chunks without speech
 * are dropped. Each chunk carries its start and end in call time, so timestamps relative to the
 * chunk map back to the call.
 *
 * <p>Streaming: it retains at most one chunk's samples plus one frame ({@link #retainedSamples()}),
 * however long the call. Not thread-safe; one instance per stream.
 */
public final class SilenceChunker {

  /** The default longest chunk: 30 s, what Whisper-style transcription takes in one window. */
  public static final int DEFAULT_MAX_CHUNK_MS = 30_000;

  private static final int FRAME = VoiceActivity.FRAME_SAMPLES;

  private final Consumer<AudioChunk> sink;
  private final VoiceActivity vad = new VoiceActivity();
  private final int maxFrames;
  private final float[] buf;
  private final boolean[] speech;
  private final double[] energy;
  private int filled;
  private int frames;
  private long bufStartSample;
  private long originMs = -1;

  private SilenceChunker(int maxChunkMs, Consumer<AudioChunk> sink) {
    this.sink = sink;
    this.maxFrames = maxChunkMs / VoiceActivity.FRAME_MS;
    this.buf = new float[(maxFrames + 1) * FRAME];
    this.speech = new boolean[maxFrames];
    this.energy = new double[maxFrames];
  }

  /** A chunker with chunks of at most {@value #DEFAULT_MAX_CHUNK_MS} ms, handing them to sink. */
  public static SilenceChunker of(Consumer<AudioChunk> sink) {
    return of(DEFAULT_MAX_CHUNK_MS, sink);
  }

  /** A chunker with chunks of at most {@code maxChunkMs} (at least 1 s), handing them to sink. */
  public static SilenceChunker of(int maxChunkMs, Consumer<AudioChunk> sink) {
    if (maxChunkMs < 1000) {
      throw new IllegalArgumentException("maxChunkMs must be at least 1000: " + maxChunkMs);
    }
    return new SilenceChunker(maxChunkMs, Objects.requireNonNull(sink, "sink must not be null"));
  }

  /** Samples held right now; never more than one chunk plus one frame. */
  public int retainedSamples() {
    return filled;
  }

  /** The most samples this chunker will ever hold. */
  public int capacitySamples() {
    return buf.length;
  }

  /**
   * Takes the next block; blocks must follow each other without gaps (start times within 1 ms of
   * where the previous block ended).
   */
  public void accept(Pcm pcm) {
    Objects.requireNonNull(pcm, "pcm must not be null");
    if (originMs < 0) {
      originMs = pcm.startMs();
    } else {
      long expected = msAt(bufStartSample + filled);
      if (Math.abs(pcm.startMs() - expected) > 1) {
        throw new IllegalArgumentException(
            "pcm must continue the stream: expected startMs "
                + expected
                + ", got "
                + pcm.startMs());
      }
    }
    float[] in = pcm.samples();
    int pos = 0;
    while (pos < in.length) {
      int frameEnd = (frames + 1) * FRAME;
      int n = Math.min(in.length - pos, frameEnd - filled);
      System.arraycopy(in, pos, buf, filled, n);
      filled += n;
      pos += n;
      if (filled == frameEnd) {
        energy[frames] = VoiceActivity.energyDb(buf, frames * FRAME);
        speech[frames] = vad.isSpeech(buf, frames * FRAME);
        frames++;
        if (frames == maxFrames) {
          cutAtSilence();
        }
      }
    }
  }

  /** Ends the stream: emits what is left if it holds speech. */
  public void finish() {
    emit(frames, filled);
    shift(frames, filled);
  }

  private void cutAtSilence() {
    int cut = bestCutFrame();
    emit(cut, cut * FRAME);
    shift(cut, cut * FRAME);
  }

  private int bestCutFrame() {
    if (!anySpeech(frames)) {
      return frames;
    }
    int bestStart = -1;
    int bestLength = 0;
    int runStart = -1;
    for (int f = 0; f <= frames; f++) {
      boolean silent = f < frames && !speech[f];
      if (silent && runStart < 0) {
        runStart = f;
      } else if (!silent && runStart >= 0) {
        int length = f - runStart;
        if (runStart > 0 && length >= bestLength) {
          bestStart = runStart;
          bestLength = length;
        }
        runStart = -1;
      }
    }
    if (bestStart >= 0) {
      return bestStart + Math.max(1, bestLength / 2);
    }
    // no pause in a whole chunk: the quietest frame of the second half is the least harm
    int quietest = frames / 2;
    for (int f = frames / 2; f < frames; f++) {
      if (energy[f] < energy[quietest]) {
        quietest = f;
      }
    }
    return Math.max(1, quietest);
  }

  private boolean anySpeech(int upToFrame) {
    for (int f = 0; f < upToFrame; f++) {
      if (speech[f]) {
        return true;
      }
    }
    return false;
  }

  private void emit(int chunkFrames, int chunkSamples) {
    if (chunkSamples == 0 || !anySpeech(chunkFrames)) {
      return;
    }
    float[] samples = new float[chunkSamples];
    System.arraycopy(buf, 0, samples, 0, chunkSamples);
    sink.accept(new AudioChunk(samples, msAt(bufStartSample), msAt(bufStartSample + chunkSamples)));
  }

  private void shift(int droppedFrames, int droppedSamples) {
    System.arraycopy(buf, droppedSamples, buf, 0, filled - droppedSamples);
    System.arraycopy(speech, droppedFrames, speech, 0, frames - droppedFrames);
    System.arraycopy(energy, droppedFrames, energy, 0, frames - droppedFrames);
    filled -= droppedSamples;
    frames -= droppedFrames;
    bufStartSample += droppedSamples;
  }

  private long msAt(long sample) {
    return Math.max(0, originMs) + sample * 1000 / Pcm.SAMPLE_RATE;
  }
}
