package io.callstream.cli.ingest;

import io.callstream.cli.CliException;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.terminal.ProgressBar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;

/**
 * {@code PUT .../audio} of a file in parts of {@value #PART_BYTES} bytes with {@code
 * Content-Range}, a multiple of ingest's 512 KiB chunks, so that a broken connection costs at most
 * one part: the upload asks ingest for its stored offset ({@code HEAD}) and goes on from there.
 * Every byte handed to the connection moves the progress bar.
 */
final class AudioUpload {

  /** Bytes per PUT: four of ingest's 512 KiB chunks. */
  static final int PART_BYTES = 4 * 512 * 1024;

  private static final int SLICE_BYTES = 64 * 1024;
  private static final int ATTEMPTS = 3;

  private final ApiClient api;
  private final URI audio;

  private AudioUpload(ApiClient api, URI audio) {
    this.api = api;
    this.audio = audio;
  }

  /** An upload to the call's audio route {@code audio}. */
  static AudioUpload to(ApiClient api, URI audio) {
    return new AudioUpload(
        Objects.requireNonNull(api, "api must not be null"),
        Objects.requireNonNull(audio, "audio must not be null"));
  }

  /** Sends the whole file, which completes the audio and so ends the call. */
  void send(Path file, String mediaType, ProgressBar bar) {
    long total = size(file);
    long offset = 0;
    int failures = 0;
    while (true) {
      long end = Math.min(offset + PART_BYTES, total);
      HttpResponse<byte[]> answer;
      try {
        answer = put(file, mediaType, offset, end, total, bar);
      } catch (CliException unreachable) {
        if (++failures >= ATTEMPTS) {
          throw unreachable;
        }
        offset = storedOffset();
        continue;
      }
      int status = answer.statusCode();
      if (status == 201 || status == 200) {
        bar.finish();
        return;
      }
      if (status != 308) {
        throw api.problem(status, answer.body());
      }
      long stored = answer.headers().firstValueAsLong("Upload-Offset").orElse(end);
      if (stored <= offset && end < total) {
        throw CliException.api("ingest stored nothing of bytes " + offset + "-" + (end - 1));
      }
      offset = stored;
      bar.update(offset);
      failures = 0;
    }
  }

  private HttpResponse<byte[]> put(
      Path file, String mediaType, long offset, long end, long total, ProgressBar bar) {
    List<byte[]> slices = read(file, offset, end);
    HttpRequest request =
        api.request(audio)
            .header("Content-Type", mediaType)
            .header("Content-Range", "bytes " + offset + "-" + (end - 1) + "/" + total)
            .PUT(
                counting(
                    HttpRequest.BodyPublishers.ofByteArrays(slices),
                    end - offset,
                    sent -> bar.update(offset + sent)))
            .build();
    return api.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private long storedOffset() {
    HttpRequest request =
        api.request(audio).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<Void> answer = api.send(request, HttpResponse.BodyHandlers.discarding());
    if (answer.statusCode() != 200) {
      throw api.problem(answer.statusCode(), new byte[0]);
    }
    return answer.headers().firstValueAsLong("Upload-Offset").orElse(0);
  }

  private static List<byte[]> read(Path file, long from, long to) {
    List<byte[]> slices = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(from);
      long left = to - from;
      while (left > 0) {
        byte[] slice = in.readNBytes((int) Math.min(SLICE_BYTES, left));
        if (slice.length == 0) {
          throw CliException.usage(file + " became shorter while it was uploaded");
        }
        slices.add(slice);
        left -= slice.length;
      }
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
    return slices;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** {@code body}, telling {@code sent} how many bytes the connection has taken so far. */
  private static HttpRequest.BodyPublisher counting(
      HttpRequest.BodyPublisher body, long length, LongConsumer sent) {
    return new HttpRequest.BodyPublisher() {
      @Override
      public long contentLength() {
        return length;
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        body.subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              private long count;

              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
              }

              @Override
              public void onNext(ByteBuffer item) {
                count += item.remaining();
                subscriber.onNext(item);
                sent.accept(count);
              }

              @Override
              public void onError(Throwable throwable) {
                subscriber.onError(throwable);
              }

              @Override
              public void onComplete() {
                subscriber.onComplete();
              }
            });
      }
    };
  }
}
