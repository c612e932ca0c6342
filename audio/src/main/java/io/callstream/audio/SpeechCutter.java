package io.callstream.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts a call's decoded 16 kHz blocks (from a {@link StreamDecoder}) into {@link SpeechChunk}s:
 *
 * <ul>
 *   <li>1 channel: one {@link SilenceChunker}, chunks without a channel;
 *   <li>2 channels: one chunker per channel, since call recorders put agent and customer on
 *       separate channels, and each chunk carries its channel index; unless the two channels are
 *       (nearly) the same signal over the first seconds of sound (dual mono: correlation of at
 *       least {@value #DUAL_MONO_CORRELATION}), which is mixed to mono so it is transcribed once;
 *   <li>more channels: mixed to mono.
 * </ul>
 *
 * <p>To tell dual mono it holds back stereo blocks until it has heard {@value #DECISION_SOUND_MS}
 * ms of sound, at most {@value #DECISION_MAX_MS} ms of audio; after that it retains no more than
 * the chunkers do ({@link #retainedSamples()}). Not thread-safe; one instance per call.
 */
public final class SpeechCutter {

  static final double DUAL_MONO_CORRELATION = 0.98;
  static final int DECISION_SOUND_MS = 3_000;
  static final int DECISION_MAX_MS = 30_000;
  private static final double SOUND_DBFS = -50;
  private static final int FRAME = VoiceActivity.FRAME_SAMPLES;

  private enum Mode {
    UNDECIDED,
    MONO,
    PER_CHANNEL
  }

  private final int maxChunkMs;
  private final Consumer<SpeechChunk> sink;
  private final List<SilenceChunker> chunkers = new ArrayList<>(2);
  private final List<float[][]> heldBack = new ArrayList<>();
  private Mode mode = Mode.UNDECIDED;
  private int channels;
  private long samplesIn;
  private long samplesOut;
  private long heldBackSamples;
  private boolean finished;

  // dual-mono test: sums over 30 ms frames with sound on either channel
  private double frameLl;
  private double frameRr;
  private double frameLr;
  private int frameFill;
  private double sumLl;
  private double sumRr;
  private double sumLr;
  private int soundFrames;

  private SpeechCutter(int maxChunkMs, Consumer<SpeechChunk> sink) {
    this.maxChunkMs = maxChunkMs;
    this.sink = sink;
  }

  /** A cutter with chunks of at most {@code maxChunkMs} (at least 1 s), handing them to sink. */
  public static SpeechCutter of(int maxChunkMs, Consumer<SpeechChunk> sink) {
    Objects.requireNonNull(sink, "sink must not be null");
    if (maxChunkMs < 1000) {
      throw new IllegalArgumentException("maxChunkMs must be at least 1000: " + maxChunkMs);
    }
    return new SpeechCutter(maxChunkMs, sink);
  }

  /**
   * Takes the next block {@code float[channel][sample]} at 16 kHz; every block of a call must have
   * the same channel count. The arrays are kept for a while: do not change them afterwards.
   */
  public void accept(float[][] block) {
    Objects.requireNonNull(block, "block must not be null");
    if (finished) {
      throw new IllegalStateException("the cutter was finished already");
    }
    if (block.length == 0) {
      throw new IllegalArgumentException("block must have at least one channel");
    }
    for (float[] channel : block) {
      Objects.requireNonNull(channel, "block channels must not be null");
      if (channel.length != block[0].length) {
        throw new IllegalArgumentException("all channels of a block must have the same length");
      }
    }
    if (block[0].length == 0) {
      return;
    }
    if (channels == 0) {
      channels = block.length;
      if (channels != 2) {
        decide(Mode.MONO);
      }
    } else if (block.length != channels) {
      throw new IllegalArgumentException(
          "the call had " + channels + " channels, now a block has " + block.length);
    }
    samplesIn += block[0].length;
    if (mode == Mode.UNDECIDED) {
      heldBack.add(block);
      heldBackSamples += block[0].length;
      measure(block[0], block[1]);
      if (soundFrames * VoiceActivity.FRAME_MS >= DECISION_SOUND_MS
          || heldBackSamples * 1000 / Pcm.SAMPLE_RATE >= DECISION_MAX_MS) {
        decide(isDualMono() ? Mode.MONO : Mode.PER_CHANNEL);
      }
    } else {
      cut(block);
    }
  }

  /** Ends the call: emits the chunks still held. */
  public void finish() {
    if (finished) {
      return;
    }
    if (mode == Mode.UNDECIDED) {
      decide(channels == 2 && !isDualMono() ? Mode.PER_CHANNEL : Mode.MONO);
    }
    finished = true;
    for (SilenceChunker chunker : chunkers) {
      chunker.finish();
    }
  }

  /** Call audio accepted so far, in milliseconds. */
  public long receivedMs() {
    return samplesIn * 1000 / Pcm.SAMPLE_RATE;
  }

  /** Samples held right now, over all channels: bounded by the chunkers' and the decision's. */
  public int retainedSamples() {
    long held = heldBackSamples * Math.max(1, channels);
    for (SilenceChunker chunker : chunkers) {
      held += chunker.retainedSamples();
    }
    return (int) held;
  }

  private void decide(Mode decided) {
    mode = decided;
    int count = decided == Mode.PER_CHANNEL ? channels : 1;
    for (int c = 0; c < count; c++) {
      Integer channel = decided == Mode.PER_CHANNEL ? c : null;
      chunkers.add(
          SilenceChunker.of(maxChunkMs, chunk -> sink.accept(new SpeechChunk(channel, chunk))));
    }
    for (float[][] block : heldBack) {
      cut(block);
    }
    heldBack.clear();
    heldBackSamples = 0;
  }

  private void cut(float[][] block) {
    long startMs = samplesOut * 1000 / Pcm.SAMPLE_RATE;
    if (mode == Mode.PER_CHANNEL) {
      for (int c = 0; c < block.length; c++) {
        chunkers.get(c).accept(new Pcm(block[c], startMs));
      }
    } else {
      chunkers.get(0).accept(new Pcm(mix(block), startMs));
    }
    samplesOut += block[0].length;
  }

  private void measure(float[] left, float[] right) {
    for (int i = 0; i < left.length; i++) {
      frameLl += left[i] * left[i];
      frameRr += right[i] * right[i];
      frameLr += left[i] * right[i];
      if (++frameFill == FRAME) {
        double loudest = Math.max(frameLl, frameRr) / FRAME;
        if (loudest > 0 && 10 * Math.log10(loudest) > SOUND_DBFS) {
          sumLl += frameLl;
          sumRr += frameRr;
          sumLr += frameLr;
          soundFrames++;
        }
        frameLl = 0;
        frameRr = 0;
        frameLr = 0;
        frameFill = 0;
      }
    }
  }

  /** Whether the channels so far are one signal: no sound at all, or correlated nearly fully. */
  private boolean isDualMono() {
    if (soundFrames == 0) {
      return true;
    }
    if (sumLl == 0 || sumRr == 0) {
      return false;
    }
    return sumLr / Math.sqrt(sumLl * sumRr) >= DUAL_MONO_CORRELATION;
  }

  private static float[] mix(float[][] block) {
    if (block.length == 1) {
      return block[0];
    }
    float[] mono = new float[block[0].length];
    for (float[] channel : block) {
      for (int i = 0; i < mono.length; i++) {
        mono[i] += channel[i];
      }
    }
    for (int i = 0; i < mono.length; i++) {
      mono[i] /= block.length;
    }
    return mono;
  }
}
