package io.callstream.ingest.audio;

import io.callstream.ingest.audio.AudioUploads.Writer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One live feed's hold on a call's audio, from {@link AudioUploads#feed}: it takes the feed's bytes
 * as they come, cuts them on the grid of the feed's format (one second of audio a chunk) and stores
 * each chunk as a PUT does (encrypted {@code AudioChunk} in Kafka, then the stored offset in
 * PostgreSQL), holding the lease on the call's audio until {@link #release()}.
 *
 * <p>Once started, storing a chunk and ending the audio run to their end even if their subscriber
 * cancels (the socket went away): a chunk that Kafka took is also stored, so the feed that resumes
 * starts after it instead of sending other bytes under the same offset. {@link #release()} waits
 * for them.
 *
 * <p>Not thread-safe: one per socket, called by the serial signals of one subscription, each call
 * after the previous one's {@code Mono} has completed. After a failure, only {@link #release()} is
 * left to call.
 */
public final class AudioFeed {

  private final AudioUploads audio;
  private final Writer writer;
  private final String contentType;
  private final AudioChunker chunker;
  private final long limit;
  private final AtomicReference<UploadState> stored;

  /** What runs now, detached from its subscriber; never fails. */
  private volatile Mono<Void> running = Mono.empty();

  AudioFeed(
      AudioUploads audio,
      Writer writer,
      String contentType,
      AudioChunker chunker,
      UploadState state,
      long limit) {
    this.audio = Objects.requireNonNull(audio, "audio must not be null");
    this.writer = Objects.requireNonNull(writer, "writer must not be null");
    this.contentType = Objects.requireNonNull(contentType, "contentType must not be null");
    this.chunker = Objects.requireNonNull(chunker, "chunker must not be null");
    this.stored = new AtomicReference<>(Objects.requireNonNull(state, "state must not be null"));
    this.limit = limit;
  }

  /** Bytes of the call's audio durably in Kafka: where this feed went on, and how far it is. */
  public long storedBytes() {
    return stored.get().storedBytes();
  }

  /**
   * Takes the bytes of one frame (any length; a sample split between frames is put together again)
   * and stores the chunks they complete.
   *
   * @return the audio as it stands after each chunk stored, mostly none; a 413 problem if the audio
   *     outgrew the limit, a 409 if the lease was lost, a 503 if Kafka failed
   */
  public Mono<List<UploadState>> accept(byte[] frame) {
    Objects.requireNonNull(frame, "frame must not be null");
    return Mono.defer(
        () -> {
          List<PlainChunk> chunks;
          try {
            chunks = chunker.accept(DefaultDataBufferFactory.sharedInstance.wrap(frame));
          } catch (AudioBodyException rejected) {
            return Mono.error(UploadProblems.bodyRejected(rejected, stored.get(), limit));
          }
          if (chunks.isEmpty()) {
            return Mono.just(List.of());
          }
          return detached(
              Flux.fromIterable(chunks)
                  .concatMap(
                      chunk -> audio.store(writer, contentType, chunk).doOnNext(stored::set), 0)
                  .collectList());
        });
  }

  /**
   * Ends the audio after the last byte taken: stores the bytes held as the audio's last chunk
   * (empty if none are), which marks the call ended.
   *
   * @return the complete audio; a 409 problem if the lease was lost, a 503 if Kafka failed
   */
  public Mono<UploadState> end() {
    return Mono.defer(
        () -> detached(audio.store(writer, contentType, chunker.endHere()).doOnNext(stored::set)));
  }

  /** Gives the call's audio free for the next writer, once what runs now has ended. */
  public Mono<Void> release() {
    return Mono.defer(() -> running).then(audio.release(writer));
  }

  /** Starts {@code work} now, to run to its end whatever happens to the subscriber. */
  private <T> Mono<T> detached(Mono<T> work) {
    CompletableFuture<T> result = work.toFuture();
    running = Mono.fromFuture(result, true).then().onErrorComplete();
    return Mono.fromFuture(result, true);
  }
}
