package io.callstream.llmtest;

import io.callstream.audio.Pcm;
import io.callstream.audio.VoiceActivity;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the speech is in 16 kHz mono audio, so the test server's segments follow it: {@link
 * VoiceActivity} over 30 ms frames, each run of speech frames ended where its loud frames end (the
 * detector's hangover taken off), runs less than {@value #MERGE_GAP_MS} ms apart merged, and what
 * is then shorter than {@value #MIN_REGION_MS} ms dropped as a click.
 */
final class SpeechRegions {

  static final int MERGE_GAP_MS = 300;
  static final int MIN_REGION_MS = 150;

  private static final int FRAME = VoiceActivity.FRAME_SAMPLES;
  private static final int SAMPLES_PER_MS = Pcm.SAMPLE_RATE / 1000;

  /** Samples {@code [start, end)} of speech. */
  record Region(int start, int end) {

    Region {
      if (start < 0 || end <= start) {
        throw new IllegalArgumentException("need 0 <= start < end, got " + start + ", " + end);
      }
    }

    double startSeconds() {
      return (double) start / Pcm.SAMPLE_RATE;
    }

    double endSeconds() {
      return (double) end / Pcm.SAMPLE_RATE;
    }

    double seconds() {
      return (double) (end - start) / Pcm.SAMPLE_RATE;
    }
  }

  private SpeechRegions() {}

  /** The speech regions of {@code samples}, in order, none overlapping. */
  static List<Region> of(float[] samples) {
    List<Region> merged = new ArrayList<>();
    for (Region run : runs(samples)) {
      Region last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && run.start() - last.end() < MERGE_GAP_MS * SAMPLES_PER_MS) {
        merged.set(merged.size() - 1, new Region(last.start(), run.end()));
      } else {
        merged.add(run);
      }
    }
    merged.removeIf(region -> region.end() - region.start() < MIN_REGION_MS * SAMPLES_PER_MS);
    return merged;
  }

  /** Runs of speech frames, each ending after its last loud frame. */
  private static List<Region> runs(float[] samples) {
    VoiceActivity vad = new VoiceActivity();
    int frames = samples.length / FRAME;
    List<Region> runs = new ArrayList<>();
    int runStart = -1;
    for (int f = 0; f < frames; f++) {
      boolean speech = vad.isSpeech(samples, f * FRAME);
      if (speech && runStart < 0) {
        runStart = f;
      } else if (!speech && runStart >= 0) {
        // a run only ever ends after the hangover's frames, which follow its last loud frame
        runs.add(frames(runStart, f - VoiceActivity.HANGOVER_FRAMES));
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      // the audio ended inside a run: silence after it shows how much of the end was hangover
      float[] silence = new float[FRAME];
      int f = frames;
      while (vad.isSpeech(silence, 0)) {
        f++;
      }
      int end = Math.min(frames, f - VoiceActivity.HANGOVER_FRAMES);
      runs.add(
          end == frames ? new Region(runStart * FRAME, samples.length) : frames(runStart, end));
    }
    return runs;
  }

  private static Region frames(int startFrame, int endFrame) {
    return new Region(startFrame * FRAME, endFrame * FRAME);
  }
}
