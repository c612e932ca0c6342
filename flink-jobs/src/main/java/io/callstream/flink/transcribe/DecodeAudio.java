package io.callstream.flink.transcribe;

import io.callstream.audio.AudioFormatException;
import io.callstream.audio.Pcm16;
import io.callstream.audio.SpeechChunk;
import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.KeyringException;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.Progress;
import io.callstream.core.id.Ids;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by call: puts the call's audio chunks in order, decrypts and decodes them as they arrive,
 * and cuts the audio at silences into speech {@link AudioPiece}s, each encrypted again before it
 * leaves. The call's last audio chunk gives its {@link AudioPiece.Kind#END} piece; audio that
 * cannot be decoded (corrupt, an unsupported codec, a missing chunk) gives an {@link
 * AudioPiece.Kind#UNREADABLE} one with the reason, so the call always ends.
 *
 * <p>A repeated chunk (ingest sends a chunk again when its acknowledgement was lost) is skipped by
 * its sequence. A decoder that runs in a child process answers late, so while a call's audio is
 * open a timer collects its output every {@value #POLL_MS} ms.
 *
 * <p>Decoders live in memory only. After a restart from a checkpoint, a call whose audio was
 * half-decoded cannot continue where it was (the decoder's state is gone with the process), so it
 * ends {@code UNREADABLE} with a reason that says to upload the audio again; calls that start after
 * the restart are not affected.
 */
public final class DecodeAudio extends KeyedProcessFunction<String, AudioChunk, AudioPiece> {

  /**
   * {@code RECEIVED} progress of audio calls, in milliseconds of audio decoded: after every audio
   * chunk, and at the end ({@code done == total}, the audio's length).
   */
  public static final OutputTag<CallstreamEvent> PROGRESS =
      new OutputTag<>("audio-received", CallstreamEventTypeInfo.INSTANCE);

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DecodeAudio.class);
  static final long POLL_MS = 200;

  /** How long a finished call's state is kept to recognise repeated chunks. */
  private static final Duration FINISHED_TTL = Duration.ofDays(7);

  private final CipherSettings cipherSettings;
  private final int maxChunkMs;

  private transient FieldCipher cipher;
  private transient ValueState<DecodingState> state;
  private transient Map<String, CallDecoding> decodings;
  private transient Counter unreadableCalls;

  /**
   * @param maxChunkMs the longest piece of speech handed to transcription
   */
  public DecodeAudio(CipherSettings cipherSettings, int maxChunkMs) {
    if (cipherSettings == null) {
      throw new IllegalArgumentException("cipherSettings must not be null");
    }
    if (maxChunkMs < 1_000) {
      throw new IllegalArgumentException("maxChunkMs must be at least 1000, was " + maxChunkMs);
    }
    this.cipherSettings = cipherSettings;
    this.maxChunkMs = maxChunkMs;
  }

  @Override
  public void open(OpenContext openContext) {
    cipher = cipherSettings.open();
    ValueStateDescriptor<DecodingState> descriptor =
        new ValueStateDescriptor<>("decoding", DecodingState.class);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(FINISHED_TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    state = getRuntimeContext().getState(descriptor);
    decodings = new HashMap<>();
    unreadableCalls = getRuntimeContext().getMetricGroup().counter("unreadableCalls");
  }

  @Override
  public void close() {
    if (decodings != null) {
      decodings.values().forEach(CallDecoding::close);
      decodings.clear();
    }
  }

  @Override
  public void processElement(AudioChunk chunk, Context context, Collector<AudioPiece> out)
      throws Exception {
    DecodingState current = state.value();
    if (current == null) {
      current = DecodingState.START;
    }
    if (current.done() || chunk.sequence() < current.nextSequence()) {
      return; // a repeat
    }
    if (chunk.sequence() > current.nextSequence()) {
      fail(
          chunk.workspaceId(),
          chunk.callId(),
          current,
          "audio chunk "
              + current.nextSequence()
              + " of the call never arrived (chunk "
              + chunk.sequence()
              + " came instead)",
          out);
      return;
    }
    CallDecoding decoding = decodings.get(chunk.callId());
    try {
      if (decoding == null) {
        if (current.nextSequence() > 0) {
          fail(
              chunk.workspaceId(),
              chunk.callId(),
              current,
              "decoding was interrupted by a restart of the pipeline after "
                  + current.nextSequence()
                  + " audio chunks; upload the audio again",
              out);
          return;
        }
        decoding = CallDecoding.open(chunk.workspaceId(), chunk.contentType(), maxChunkMs);
        decodings.put(chunk.callId(), decoding);
      }
      byte[] audio =
          cipher.decrypt(chunk.workspaceId(), chunk.callId(), Field.AUDIO, chunk.audio().bytes());
      current = hand(chunk.workspaceId(), chunk.callId(), current, decoding.push(audio), out);
      if (chunk.last()) {
        current = hand(chunk.workspaceId(), chunk.callId(), current, decoding.finish(), out);
        out.collect(
            AudioPiece.end(
                chunk.workspaceId(), chunk.callId(), current.pieces(), decoding.receivedMs()));
        reportReceived(chunk, decoding.receivedMs(), context);
        state.update(current.accepted(chunk.sequence()).ended());
        close(chunk.callId());
        return;
      }
      state.update(current.accepted(chunk.sequence()));
      reportReceived(chunk, decoding.receivedMs(), context);
      long now = context.timerService().currentProcessingTime();
      context.timerService().registerProcessingTimeTimer((now / POLL_MS + 1) * POLL_MS);
    } catch (AudioFormatException e) {
      fail(chunk.workspaceId(), chunk.callId(), current, e.getMessage(), out);
    } catch (CiphertextRejectedException | KeyringException e) {
      LOG.warn("cannot decrypt audio chunk {} of call {}", chunk.sequence(), chunk.callId(), e);
      fail(chunk.workspaceId(), chunk.callId(), current, "the audio could not be decrypted", out);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<AudioPiece> out)
      throws Exception {
    String callId = context.getCurrentKey();
    CallDecoding decoding = decodings.get(callId);
    DecodingState current = state.value();
    if (decoding == null || current == null || current.done()) {
      return;
    }
    String workspaceId = decoding.workspaceId();
    try {
      state.update(hand(workspaceId, callId, current, decoding.poll(), out));
      context.timerService().registerProcessingTimeTimer(timestamp + POLL_MS);
    } catch (AudioFormatException e) {
      fail(workspaceId, callId, current, e.getMessage(), out);
    }
  }

  private static void reportReceived(AudioChunk chunk, long receivedMs, Context context) {
    context.output(
        PROGRESS,
        new Progress(
            Ids.deterministic(
                "progress", chunk.callId(), Progress.Stage.RECEIVED.name(), receivedMs),
            chunk.workspaceId(),
            chunk.callId(),
            Instant.ofEpochMilli(context.timerService().currentProcessingTime()),
            Progress.Stage.RECEIVED,
            receivedMs,
            receivedMs,
            null));
  }

  private DecodingState hand(
      String workspaceId,
      String callId,
      DecodingState current,
      List<SpeechChunk> chunks,
      Collector<AudioPiece> out) {
    DecodingState next = current;
    for (SpeechChunk speech : chunks) {
      byte[] pcm = Pcm16.littleEndian(speech.chunk().samples());
      out.collect(
          AudioPiece.speech(
              workspaceId,
              callId,
              next.pieces(),
              speech.channel(),
              speech.chunk().startMs(),
              speech.chunk().endMs(),
              decodings.get(callId).receivedMs(),
              Ciphertext.of(cipher.encrypt(workspaceId, callId, Field.AUDIO, pcm))));
      next = next.cut();
    }
    return next;
  }

  private void fail(
      String workspaceId,
      String callId,
      DecodingState current,
      String reason,
      Collector<AudioPiece> out)
      throws Exception {
    CallDecoding decoding = decodings.get(callId);
    long receivedMs = decoding == null ? 0 : decoding.receivedMs();
    unreadableCalls.inc();
    LOG.info("audio of call {} in workspace {} is unreadable: {}", callId, workspaceId, reason);
    out.collect(AudioPiece.unreadable(workspaceId, callId, current.pieces(), receivedMs, reason));
    state.update(current.ended());
    close(callId);
  }

  private void close(String callId) {
    CallDecoding decoding = decodings.remove(callId);
    if (decoding != null) {
      decoding.close();
    }
  }
}
