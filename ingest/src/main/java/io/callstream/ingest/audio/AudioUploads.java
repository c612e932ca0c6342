package io.callstream.ingest.audio;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.id.Ids;
import io.callstream.ingest.call.CallAudio;
import io.callstream.ingest.call.CallNotFoundException;
import io.callstream.ingest.call.CallRepository;
import io.callstream.ingest.kafka.EventPublisher;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams the audio of calls into Kafka as encrypted {@link AudioChunk}s, resumably. The protocol
 * on the wire is described on {@link AudioUploadController}; this class keeps its promises:
 *
 * <ul>
 *   <li><b>Constant memory.</b> The body is never gathered: {@link AudioChunker} copies each buffer
 *       into the chunk being filled and releases it. The next buffer of the body is requested only
 *       once the chunk the previous one completed is acknowledged by Kafka and stored, so one PUT
 *       holds at most one chunk (512 KiB, with its ciphertext while it is being sent), and a slow
 *       Kafka slows the client down through TCP instead of filling the heap.
 *   <li><b>In order.</b> Chunks are encrypted, sent and acknowledged one after another.
 *   <li><b>Nothing acknowledged missing.</b> The stored offset moves in PostgreSQL only after Kafka
 *       acknowledged the chunk that ends there; the answer to a PUT, and a later {@code HEAD},
 *       report that offset. A PUT that breaks off keeps every chunk stored before.
 *   <li><b>Nothing unacknowledged half-written.</b> Bytes that do not make a whole chunk are not
 *       sent at all unless they end the audio (see {@link AudioChunker#finish()}). A chunk that
 *       Kafka took but whose offset was not stored (the PUT broke off in between) is sent again by
 *       the next PUT as the same event: the event id is derived from the call and the offset, and
 *       the grid of {@link AudioChunker} makes the bytes at an offset always the same chunk.
 *       Consumers drop it by event id.
 *   <li><b>One writer.</b> A PUT holds a lease on the call's upload, renewed with every chunk it
 *       stores; a second PUT meanwhile is answered 409, so two clients cannot send different bytes
 *       for the same offset. A live feed ({@link #feed}) holds the same lease for as long as its
 *       socket is open.
 *   <li><b>The end of the audio is the end of the call.</b> When the audio's last chunk is stored,
 *       the call is marked ended in PostgreSQL; ingest does not publish {@code CallEnded} for it:
 *       the transcription job does, once it has transcribed that chunk (only it knows the last
 *       segment). {@link #endAudio} is how {@code POST .../end} ends a call with audio.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class AudioUploads implements CallAudio {

  private static final Logger LOG = LoggerFactory.getLogger(AudioUploads.class);

  private final CallRepository calls;
  private final AudioUploadRepository uploads;
  private final FieldCipher cipher;
  private final EventPublisher events;
  private final long limit;

  /**
   * @param limit the largest audio of one call, in bytes
   */
  public AudioUploads(
      CallRepository calls,
      AudioUploadRepository uploads,
      FieldCipher cipher,
      EventPublisher events,
      long limit) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.uploads = Objects.requireNonNull(uploads, "uploads must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.limit = limit;
  }

  /** How far the upload of {@code callId}'s audio is; a 404 problem if there is no such call. */
  public Mono<UploadState> status(String workspaceId, String callId) {
    return existingCall(workspaceId, callId)
        .then(uploads.find(workspaceId, callId))
        .defaultIfEmpty(UploadState.none());
  }

  /**
   * Stores the body of one PUT: publishes its chunks and moves the stored offset after each.
   *
   * @param contentType media type of the audio; it counts only while no byte is stored
   * @param body the request body; subscribed at most once, and only if the PUT is accepted
   * @return the upload as it stands after the PUT, once every chunk it completed is in Kafka; an
   *     {@link org.springframework.web.ErrorResponseException} (404, 409, 413, 400) otherwise
   */
  public Mono<UploadState> upload(
      String workspaceId,
      String callId,
      String contentType,
      UploadPart part,
      Flux<DataBuffer> body) {
    Long declared = part.total() != null ? part.total() : part.end();
    if (declared != null && declared > limit) {
      return Mono.error(UploadProblems.tooLarge(limit, declared));
    }
    return withLease(
        workspaceId, callId, contentType, (writer, state) -> transfer(writer, state, part, body));
  }

  /**
   * Answers a status query, {@code Content-Range: bytes *}{@code /TOTAL} (or {@code *}{@code /*}).
   *
   * <p>It also completes an audio whose bytes were all sent in ranges of unknown total ({@code
   * bytes FIRST-LAST/*}): when TOTAL is what is stored, it publishes the audio's last chunk, an
   * empty one at offset TOTAL, as Google's resumable uploads end such an upload.
   *
   * @param total TOTAL, if the query gives it
   * @return the upload as it stands; a 404 or 409 problem
   */
  public Mono<UploadState> query(String workspaceId, String callId, @Nullable Long total) {
    return status(workspaceId, callId)
        .flatMap(
            state -> {
              if (total == null || total.equals(state.totalBytes())) {
                return Mono.just(state);
              }
              if (state.totalBytes() != null || total < state.storedBytes()) {
                return Mono.error(UploadProblems.lengthChanged(state, total));
              }
              if (total > state.storedBytes()) {
                return Mono.just(state);
              }
              return withLease(
                  workspaceId,
                  callId,
                  Objects.requireNonNull(state.contentType(), "stored content type"),
                  (writer, claimed) -> end(writer, claimed, total));
            });
  }

  private Mono<UploadState> end(Writer writer, UploadState state, long total) {
    if (state.complete() || state.storedBytes() != total) {
      return Mono.just(state); // another PUT got here first: the query answers what it did
    }
    return endEarly(writer, state);
  }

  /**
   * Opens a live feed of {@code callId}'s audio in {@code format}: takes the lease on the call's
   * audio, which the feed holds until it is {@linkplain AudioFeed#release() released}. A call that
   * has audio stored already goes on at its stored offset, so a feed that broke off resumes.
   *
   * @return the feed; a 404 problem if there is no such call, a 409 problem if a PUT or another
   *     feed holds the audio, the stored audio is of another format or has a declared length, or
   *     the audio is complete
   */
  public Mono<AudioFeed> feed(String workspaceId, String callId, PcmFormat format) {
    Objects.requireNonNull(format, "format must not be null");
    Writer writer = new Writer(workspaceId, callId, Ids.timeOrdered());
    String contentType = format.contentType();
    ChunkGrid grid = ChunkGrid.of(contentType);
    return existingCall(workspaceId, callId)
        .then(
            uploads
                .claim(workspaceId, callId, writer.id(), contentType)
                .switchIfEmpty(Mono.error(UploadProblems::inUse)))
        .flatMap(
            state -> {
              ErrorResponseException refused = refusal(state, format, grid);
              if (refused != null) {
                return uploads.release(workspaceId, callId, writer.id()).then(Mono.error(refused));
              }
              AudioChunker chunker =
                  new AudioChunker(UploadPart.live(state.storedBytes()), grid, null, limit);
              return Mono.just(new AudioFeed(this, writer, contentType, chunker, state, limit));
            });
  }

  private static @Nullable ErrorResponseException refusal(
      UploadState state, PcmFormat format, ChunkGrid grid) {
    if (state.complete()) {
      return UploadProblems.alreadyComplete(state);
    }
    if (state.totalBytes() != null) {
      return UploadProblems.lengthDeclared(state);
    }
    String stored = Objects.requireNonNull(state.contentType(), "stored content type");
    boolean sameFormat = PcmFormat.parse(stored).filter(format::equals).isPresent();
    if (state.storedBytes() > 0 && (!sameFormat || !grid.isBoundary(state.storedBytes()))) {
      return UploadProblems.formatDiffers(state, format.contentType());
    }
    return null;
  }

  /**
   * Ends the call's audio, if it has any stored: publishes its last chunk unless it is out already
   * (an empty one at the stored offset, as {@link #query} does for an audio of unknown length),
   * which marks the call ended. Then the transcription job ends the call on the calls topic.
   *
   * @return whether the call has audio; a 409 problem while a PUT or a live feed writes it (even
   *     one that has not stored its first chunk yet)
   */
  @Override
  public Mono<Boolean> endAudio(String workspaceId, String callId) {
    return uploads
        .find(workspaceId, callId)
        .flatMap(
            state ->
                state.complete()
                    ? Mono.just(true)
                    : withLease(
                            workspaceId,
                            callId,
                            Objects.requireNonNull(state.contentType(), "stored content type"),
                            UploadProblems::inUse,
                            this::endEarly)
                        .map(ended -> ended.storedBytes() > 0))
        .defaultIfEmpty(false);
  }

  /**
   * Publishes the empty last chunk of an audio at its stored offset, which makes the stored bytes
   * the whole audio; leaves an audio without a byte stored as it is.
   */
  private Mono<UploadState> endEarly(Writer writer, UploadState state) {
    if (state.complete() || state.storedBytes() == 0) {
      return Mono.just(state);
    }
    String contentType = Objects.requireNonNull(state.contentType(), "stored content type");
    PlainChunk end = PlainChunk.endOf(ChunkGrid.of(contentType), state.storedBytes());
    return store(writer, contentType, end);
  }

  /**
   * Runs {@code work} while holding the upload's lease, which it takes first (a 409 if another PUT
   * holds it) and gives back however {@code work} ends, before its answer goes out.
   */
  private Mono<UploadState> withLease(
      String workspaceId,
      String callId,
      String contentType,
      BiFunction<Writer, UploadState, Mono<UploadState>> work) {
    return withLease(workspaceId, callId, contentType, UploadProblems::inProgress, work);
  }

  private Mono<UploadState> withLease(
      String workspaceId,
      String callId,
      String contentType,
      Supplier<ErrorResponseException> busy,
      BiFunction<Writer, UploadState, Mono<UploadState>> work) {
    Writer writer = new Writer(workspaceId, callId, Ids.timeOrdered());
    return existingCall(workspaceId, callId)
        .then(
            Mono.usingWhen(
                uploads
                    .claim(workspaceId, callId, writer.id(), contentType)
                    .switchIfEmpty(Mono.error(busy)),
                state -> work.apply(writer, state),
                state -> uploads.release(workspaceId, callId, writer.id()),
                (state, error) -> uploads.release(workspaceId, callId, writer.id()),
                state -> uploads.release(workspaceId, callId, writer.id())));
  }

  private Mono<UploadState> transfer(
      Writer writer, UploadState state, UploadPart part, Flux<DataBuffer> body) {
    if (state.complete()) {
      return Mono.error(UploadProblems.alreadyComplete(state));
    }
    if (part.start() != state.storedBytes()) {
      return Mono.error(UploadProblems.wrongOffset(state, part.start()));
    }
    Long storedTotal = state.totalBytes();
    if (storedTotal != null && part.total() != null && !storedTotal.equals(part.total())) {
      return Mono.error(UploadProblems.lengthChanged(state, part.total()));
    }
    if (storedTotal != null && part.end() != null && part.end() > storedTotal) {
      return Mono.error(UploadProblems.pastEnd(state, part.end()));
    }
    String contentType = Objects.requireNonNull(state.contentType(), "stored content type");
    AudioChunker chunker = new AudioChunker(part, ChunkGrid.of(contentType), storedTotal, limit);
    AtomicReference<UploadState> stored = new AtomicReference<>(state);
    // concatMap without prefetch: the next buffer is requested once the chunks completed by the
    // previous one are stored. Errors of the body (a dropped connection) wait for the chunk in
    // flight, so what Kafka acknowledged is also stored.
    Flux<DataBuffer> received =
        body.onErrorMap(
            broken ->
                new AudioBodyException(
                    AudioBodyException.Kind.BROKEN_OFF,
                    "the body broke off after "
                        + (chunker.position() - part.start())
                        + " bytes ("
                        + broken.getMessage()
                        + ")",
                    broken));
    return received
        .concatMapDelayError(
            buffer -> store(writer, contentType, chunker.accept(buffer), stored), false, 0)
        .concatWith(Flux.defer(() -> store(writer, contentType, chunker.finish(), stored)))
        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
        .then(Mono.fromSupplier(stored::get))
        .onErrorMap(
            AudioBodyException.class,
            rejected -> {
              if (rejected.kind() == AudioBodyException.Kind.BROKEN_OFF) {
                // no one hears the answer: the log says how far it got
                LOG.info(
                    "audio upload of call {} in workspace {} broke off at byte {}; {} bytes stored",
                    writer.callId(),
                    writer.workspaceId(),
                    chunker.position(),
                    stored.get().storedBytes());
              }
              return UploadProblems.bodyRejected(rejected, stored.get(), limit);
            })
        .doOnError(
            ErrorResponseException.class,
            failed -> {
              // a 503 (Kafka slow or gone) also says where to resume
              if (failed.getStatusCode().is5xxServerError()) {
                UploadHeaders.describe(failed.getHeaders(), stored.get());
              }
            });
  }

  private Flux<UploadState> store(
      Writer writer,
      String contentType,
      List<PlainChunk> chunks,
      AtomicReference<UploadState> stored) {
    if (chunks.isEmpty()) {
      return Flux.empty();
    }
    return Flux.fromIterable(chunks)
        .concatMap(chunk -> store(writer, contentType, chunk).doOnNext(stored::set), 0);
  }

  /**
   * Publishes {@code chunk}, then moves the stored offset past it; after the audio's last chunk,
   * marks the call ended.
   */
  Mono<UploadState> store(Writer writer, String contentType, PlainChunk chunk) {
    Mono<UploadState> stored = publish(writer, contentType, chunk).then(commit(writer, chunk));
    if (!chunk.last()) {
      return stored;
    }
    return stored.flatMap(
        state -> calls.end(writer.workspaceId(), writer.callId()).thenReturn(state));
  }

  /** Ends {@code writer}'s lease. */
  Mono<Void> release(Writer writer) {
    return uploads.release(writer.workspaceId(), writer.callId(), writer.id());
  }

  private Mono<Void> publish(Writer writer, String contentType, PlainChunk chunk) {
    // Encryption may read the workspace keyset from disk on first use: not on Netty.
    return Mono.fromCallable(
            () ->
                new AudioChunk(
                    Ids.deterministic("audio-chunk", writer.callId(), chunk.offset()),
                    writer.workspaceId(),
                    writer.callId(),
                    Instant.now(),
                    chunk.sequence(),
                    chunk.offset(),
                    contentType,
                    Ciphertext.of(
                        cipher.encrypt(
                            writer.workspaceId(), writer.callId(), Field.AUDIO, chunk.bytes())),
                    chunk.last()))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(events::publish);
  }

  private Mono<UploadState> commit(Writer writer, PlainChunk chunk) {
    return uploads
        .commit(
            writer.workspaceId(),
            writer.callId(),
            writer.id(),
            chunk.offset(),
            chunk.end(),
            chunk.total())
        .switchIfEmpty(
            Mono.defer(
                () ->
                    uploads
                        .find(writer.workspaceId(), writer.callId())
                        .defaultIfEmpty(UploadState.none())
                        .flatMap(now -> Mono.error(UploadProblems.takenOver(now)))));
  }

  private Mono<Void> existingCall(String workspaceId, String callId) {
    return calls
        .exists(workspaceId, callId)
        .flatMap(exists -> exists ? Mono.empty() : Mono.error(new CallNotFoundException(callId)));
  }

  /** The PUT or live feed writing one call's audio: its lease id {@code id}. */
  record Writer(String workspaceId, String callId, String id) {}
}
