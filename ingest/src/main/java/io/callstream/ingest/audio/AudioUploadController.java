package io.callstream.ingest.audio;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Resumable audio uploads: {@code /v1/workspaces/{workspaceId}/calls/{callId}/audio}.
 *
 * <p>The protocol is a partial PUT with {@code Content-Range} (RFC 9110 §14.4), as Google's
 * resumable uploads use it. Audio of any size streams through in chunks of 512 KiB, each encrypted
 * and acknowledged by Kafka before more of the body is read.
 *
 * <h2>Uploading</h2>
 *
 * <ul>
 *   <li>{@code PUT .../audio} without {@code Content-Range}: the body is the whole audio, with or
 *       without {@code Content-Length}; the end of the body is the end of the audio.
 *   <li>{@code PUT .../audio} with {@code Content-Range: bytes FIRST-LAST/TOTAL}: bytes FIRST to
 *       LAST (inclusive) of an audio of TOTAL bytes. FIRST must be the stored offset. The PUT whose
 *       range ends at TOTAL completes the audio.
 *   <li>{@code Content-Range: bytes FIRST-LAST/*} while the length is not known yet; the audio is
 *       completed by a later range with TOTAL, or by {@code bytes *}{@code /TOTAL} (below).
 *   <li>{@code Content-Type} (audio/*, video/*, application/ogg or application/octet-stream, by
 *       default the latter) is the audio's type as of the first PUT that stores bytes; later PUTs
 *       keep it.
 * </ul>
 *
 * <p>The end of the audio is the end of the call: the PUT that completes the audio marks the call
 * ended, and the transcription job publishes its {@code CallEnded} once it has transcribed the last
 * chunk. {@code POST .../end} of a call whose audio is incomplete completes it with the bytes
 * stored.
 *
 * <p>Answers: {@code 201 Created} when the PUT completed the audio; {@code 308 Resume Incomplete}
 * (Google's use of 308, without {@code Location}) when it did not. Both carry the stored offset
 * (below) and an {@link AudioUploadStatus} body. A 201 or 308 means every stored byte is durably in
 * Kafka.
 *
 * <p>Raw PCM ({@code audio/pcm;rate=R;channels=C}, see {@link PcmFormat}) is cut into chunks of one
 * second of audio ({@code R * C * 2} bytes) instead of 512 KiB, as the live audio socket cuts it;
 * what this page says of 512 KiB holds for it with that size.
 *
 * <p>Only whole chunks of 512 KiB are stored, and the audio's last chunk: bytes after the last 512
 * KiB boundary of a range that does not end the audio are not stored, and the 308 says how far the
 * PUT got; the client sends the rest again from there. Ranges should therefore be multiples of 512
 * KiB, as Google asks for multiples of 256 KiB; a range shorter than that stores nothing. The same
 * holds for a PUT that breaks off: everything up to the last boundary before the break is stored,
 * the rest is not, and nothing is stored twice.
 *
 * <h2>Asking for the offset</h2>
 *
 * <p>{@code HEAD .../audio} (200), or {@code PUT .../audio} with {@code Content-Range: bytes *}
 * {@code /TOTAL} (or {@code bytes *}{@code /*}) and no body (200 when the audio is complete, 308
 * when not). The answer carries:
 *
 * <ul>
 *   <li>{@code Upload-Offset: N}, the bytes stored, always; the next PUT starts at byte N;
 *   <li>{@code Range: bytes=0-(N-1)}, the same in Google's form, once N &gt; 0;
 *   <li>{@code Upload-Length: TOTAL}, once the audio's length is known.
 * </ul>
 *
 * <p>{@code bytes *}{@code /TOTAL} with TOTAL equal to the stored offset of an audio sent in ranges
 * of unknown length completes it: its last chunk is then an empty one.
 *
 * <h2>Errors (RFC 9457 problem+json)</h2>
 *
 * <ul>
 *   <li>400: a {@code Content-Range} that cannot be read or disagrees with {@code Content-Length},
 *       an empty audio, a body longer or shorter than declared;
 *   <li>404: no such call in this workspace;
 *   <li>409 with the stored offset (the headers above and the member {@code expectedOffset}): a PUT
 *       that does not start at the stored offset, a length that differs from the one declared
 *       before, an audio already complete; 409 with {@code Retry-After} while another PUT of the
 *       same call's audio runs;
 *   <li>413: an audio longer than {@code callstream.ingest.limits.audio-bytes}, answered before a
 *       byte is read when the length is declared, otherwise when the limit is crossed;
 *   <li>415: a {@code Content-Type} that is not audio;
 *   <li>503 with {@code Retry-After} and the stored offset: Kafka is slow or gone.
 * </ul>
 */
@RestController
public class AudioUploadController {

  private static final String PATH = "/v1/workspaces/{workspaceId}/calls/{callId}/audio";

  /** Google's "Resume Incomplete", which RFC 9110 knows as Permanent Redirect. */
  private static final HttpStatus RESUME_INCOMPLETE = HttpStatus.PERMANENT_REDIRECT;

  private static final MediaType OGG = MediaType.valueOf("application/ogg");

  private final AudioUploads audio;

  public AudioUploadController(AudioUploads audio) {
    this.audio = audio;
  }

  /** Stores bytes of the audio, or answers a status query. */
  @PutMapping(PATH)
  public Mono<ResponseEntity<AudioUploadStatus>> put(
      @PathVariable String workspaceId, @PathVariable String callId, ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    String contentRange = headers.getFirst(HttpHeaders.CONTENT_RANGE);
    UploadPart part;
    try {
      if (contentRange == null) {
        part = UploadPart.whole(headers.getContentLength());
      } else {
        ContentRange range = ContentRange.parse(contentRange);
        if (range.isStatusQuery()) {
          return audio
              .query(workspaceId, callId, range.total())
              .map(
                  state ->
                      answer(state.complete() ? HttpStatus.OK : RESUME_INCOMPLETE, callId, state));
        }
        part = UploadPart.of(range, headers.getContentLength());
      }
    } catch (IllegalArgumentException e) {
      throw UploadProblems.badRequest(e.getMessage());
    }
    return audio
        .upload(workspaceId, callId, contentType(headers), part, request.getBody())
        .map(
            state ->
                answer(state.complete() ? HttpStatus.CREATED : RESUME_INCOMPLETE, callId, state));
  }

  /** The stored offset, in headers only. */
  @RequestMapping(path = PATH, method = RequestMethod.HEAD)
  public Mono<ResponseEntity<Void>> head(
      @PathVariable String workspaceId, @PathVariable String callId) {
    return audio
        .status(workspaceId, callId)
        .map(
            state -> {
              HttpHeaders headers = new HttpHeaders();
              UploadHeaders.describe(headers, state);
              return ResponseEntity.ok().headers(headers).<Void>build();
            });
  }

  private static ResponseEntity<AudioUploadStatus> answer(
      HttpStatus status, String callId, UploadState state) {
    HttpHeaders headers = new HttpHeaders();
    UploadHeaders.describe(headers, state);
    return ResponseEntity.status(status).headers(headers).body(AudioUploadStatus.of(callId, state));
  }

  private static String contentType(HttpHeaders headers) {
    String value = headers.getFirst(HttpHeaders.CONTENT_TYPE);
    if (value == null || value.isBlank()) {
      return MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(value);
    } catch (InvalidMediaTypeException e) {
      throw UploadProblems.unsupportedType(value);
    }
    String kind = type.getType();
    boolean audio =
        kind.equals("audio")
            || kind.equals("video")
            || type.equalsTypeAndSubtype(MediaType.APPLICATION_OCTET_STREAM)
            || type.equalsTypeAndSubtype(OGG);
    if (!audio || type.isWildcardSubtype()) {
      throw UploadProblems.unsupportedType(value);
    }
    return value.strip();
  }
}
