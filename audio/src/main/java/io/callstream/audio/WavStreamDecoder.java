package io.callstream.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Push parser for RIFF WAVE (and RF64): reads the {@code fmt } and {@code data} chunks as their
 * bytes arrive, skips every other chunk, and decodes integer PCM of 8 to 32 bits and IEEE float of
 * 32 or 64 bits (also inside {@code WAVE_FORMAT_EXTENSIBLE}), any channel count and rate, into 16
 * kHz blocks per channel. A data size of 0 or {@code 0xFFFFFFFF}, as a recorder or FFmpeg writes
 * while it streams, means the samples run to the end of the stream.
 *
 * <p>Memory is bounded by the header (at most {@value #MAX_HEADER_CHUNK_BYTES} bytes of {@code fmt
 * }) plus one frame, however long the stream. Not thread-safe.
 */
final class WavStreamDecoder implements StreamDecoder {

  static final int MAX_HEADER_CHUNK_BYTES = 64 * 1024;
  private static final long UNTIL_END = -1;
  private static final int FORMAT_PCM = 0x0001;
  private static final int FORMAT_IEEE_FLOAT = 0x0003;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;

  private enum State {
    RIFF_HEADER,
    CHUNK_HEADER,
    FMT,
    DS64,
    SKIP,
    DATA,
    /** The encoding is one this parser does not read; the caller hands the bytes to FFmpeg. */
    FOREIGN_ENCODING,
    FAILED
  }

  private final boolean handOffForeignEncodings;
  private State state = State.RIFF_HEADER;
  private byte[] pending = new byte[12];
  private int pendingLength;
  private int need = 12;
  private long skipRemaining;
  private long dataRemaining;
  private long dataSize;
  private long ds64DataSize = -1;
  private long bytesSeen;
  private boolean sawData;
  private @Nullable PcmStream pcm;
  private @Nullable String failure;
  private @Nullable String foreignEncoding;

  private WavStreamDecoder(boolean handOffForeignEncodings) {
    this.handOffForeignEncodings = handOffForeignEncodings;
  }

  /** A parser that rejects encodings other than integer and float PCM. */
  static WavStreamDecoder strict() {
    return new WavStreamDecoder(false);
  }

  /**
   * A parser that, on an encoding it cannot read (mu-law, A-law, ADPCM, GSM, MP3 in WAV), stops and
   * reports it through {@link #foreignEncoding()} instead of failing, so the caller can hand the
   * stream to FFmpeg.
   */
  static WavStreamDecoder handingOffForeignEncodings() {
    return new WavStreamDecoder(true);
  }

  /** The encoding when the parser stopped at one it cannot read; null otherwise. */
  @Nullable String foreignEncoding() {
    return foreignEncoding;
  }

  /** True once the {@code fmt } chunk was read (or found foreign). */
  boolean formatKnown() {
    return pcm != null || foreignEncoding != null;
  }

  @Override
  public List<float[][]> push(byte[] bytes) throws AudioFormatException {
    Objects.requireNonNull(bytes, "bytes must not be null");
    checkNotFailed();
    List<float[][]> out = new ArrayList<>(1);
    int pos = 0;
    while (pos < bytes.length) {
      switch (state) {
        case SKIP -> {
          int n = (int) Math.min(skipRemaining, bytes.length - pos);
          pos += n;
          skipRemaining -= n;
          if (skipRemaining == 0) {
            expectChunkHeader();
          }
        }
        case DATA -> {
          int n =
              dataRemaining == UNTIL_END
                  ? bytes.length - pos
                  : (int) Math.min(dataRemaining, bytes.length - pos);
          out.addAll(pcm().accept(bytes, pos, n));
          pos += n;
          if (dataRemaining != UNTIL_END) {
            dataRemaining -= n;
            if (dataRemaining == 0) {
              endOfChunk(dataSize);
            }
          }
        }
        case FOREIGN_ENCODING -> pos = bytes.length;
        case FAILED -> throw new IllegalStateException("unreachable: checked above");
        default -> {
          int n = Math.min(need - pendingLength, bytes.length - pos);
          System.arraycopy(bytes, pos, pending, pendingLength, n);
          pendingLength += n;
          pos += n;
          if (pendingLength == need) {
            headerComplete();
          }
        }
      }
    }
    bytesSeen += bytes.length;
    return out;
  }

  @Override
  public List<float[][]> poll() throws AudioFormatException {
    checkNotFailed();
    return List.of();
  }

  @Override
  public List<float[][]> finish() throws AudioFormatException {
    checkNotFailed();
    if (state == State.FOREIGN_ENCODING) {
      throw fail("the WAV file's encoding " + foreignEncoding + " is not decoded here");
    }
    if (state == State.DATA && dataRemaining > 0) {
      throw fail(
          "the WAV file is cut short: "
              + dataRemaining
              + " bytes of its declared audio data never arrived");
    }
    if (pcm == null) {
      if (bytesSeen == 0) {
        throw fail("the audio stream is empty");
      }
      throw fail(
          state == State.RIFF_HEADER || state == State.FMT || state == State.DS64
              ? "the WAV file ends inside its header"
              : "the WAV file has no fmt chunk, so its encoding is unknown");
    }
    if (!sawData) {
      throw fail("the WAV file holds no audio: it has no data chunk");
    }
    state = State.FAILED; // a finished decoder takes no more bytes
    failure = "the decoder was finished already";
    return pcm.finish();
  }

  @Override
  public void close() {
    pending = new byte[0];
  }

  private void headerComplete() throws AudioFormatException {
    ByteBuffer b = ByteBuffer.wrap(pending, 0, need).order(ByteOrder.LITTLE_ENDIAN);
    switch (state) {
      case RIFF_HEADER -> {
        String riff = ascii(0);
        if (!(riff.equals("RIFF") || riff.equals("RF64")) || !ascii(8).equals("WAVE")) {
          throw fail("not a WAV file: it does not start with RIFF....WAVE");
        }
        expectChunkHeader();
      }
      case CHUNK_HEADER -> chunkHeader(ascii(0), Integer.toUnsignedLong(b.getInt(4)));
      case FMT -> format(b);
      case DS64 -> {
        ds64DataSize = b.getLong(8);
        endOfChunk(need);
      }
      default -> throw new IllegalStateException("not a header state: " + state);
    }
  }

  private void chunkHeader(String id, long size) throws AudioFormatException {
    switch (id) {
      case "fmt " -> {
        if (size < 16 || size > MAX_HEADER_CHUNK_BYTES) {
          throw fail("the WAV fmt chunk is " + size + " bytes long, not a valid format header");
        }
        expectHeader(State.FMT, (int) size);
      }
      case "ds64" -> {
        if (size < 24 || size > MAX_HEADER_CHUNK_BYTES) {
          throw fail("the RF64 ds64 chunk is " + size + " bytes long, not a valid size header");
        }
        expectHeader(State.DS64, (int) size);
      }
      case "data" -> {
        if (pcm == null) {
          throw fail("the WAV data chunk comes before its fmt chunk");
        }
        if (foreignEncoding != null) {
          state = State.FOREIGN_ENCODING;
          return;
        }
        sawData = true;
        state = State.DATA;
        if (size == 0xFFFF_FFFFL && ds64DataSize > 0) {
          dataSize = ds64DataSize;
        } else {
          dataSize = size == 0 || size == 0xFFFF_FFFFL ? UNTIL_END : size;
        }
        dataRemaining = dataSize;
      }
      default -> {
        state = State.SKIP;
        skipRemaining = size + (size & 1);
        if (skipRemaining == 0) {
          expectChunkHeader();
        }
      }
    }
  }

  private void format(ByteBuffer b) throws AudioFormatException {
    int tag = b.getShort(0) & 0xffff;
    int channels = b.getShort(2) & 0xffff;
    long rate = Integer.toUnsignedLong(b.getInt(4));
    int blockAlign = b.getShort(12) & 0xffff;
    int bits = b.getShort(14) & 0xffff;
    if (tag == FORMAT_EXTENSIBLE) {
      if (need < 40) {
        throw fail("the WAV fmt chunk says WAVE_FORMAT_EXTENSIBLE but is only " + need + " bytes");
      }
      tag = b.getShort(24) & 0xffff; // the first two bytes of the sub-format GUID
    }
    if (channels < 1 || channels > SampleFormat.MAX_CHANNELS) {
      throw fail("the WAV header declares " + channels + " channels");
    }
    if (rate < 1 || rate > 1_000_000) {
      throw fail("the WAV header declares a sample rate of " + rate + " Hz");
    }
    SampleFormat.Encoding encoding;
    if (tag == FORMAT_PCM && bits >= 1 && bits <= 32) {
      encoding = bits <= 8 ? SampleFormat.Encoding.UNSIGNED_INT : SampleFormat.Encoding.SIGNED_INT;
    } else if (tag == FORMAT_IEEE_FLOAT && (bits == 32 || bits == 64)) {
      encoding = SampleFormat.Encoding.FLOAT;
    } else if (tag == FORMAT_PCM || tag == FORMAT_IEEE_FLOAT) {
      throw fail("the WAV header declares " + bits + "-bit samples, which do not exist");
    } else {
      foreignEncoding = encodingName(tag);
      if (!handOffForeignEncodings) {
        throw fail(
            "the WAV file's encoding "
                + foreignEncoding
                + " is not decoded here: only integer and float PCM are");
      }
      state = State.FOREIGN_ENCODING;
      return;
    }
    int bytesPerSample = (bits + 7) / 8;
    if (blockAlign != channels * bytesPerSample) {
      throw fail(
          "the WAV header is inconsistent: "
              + channels
              + " channels of "
              + bits
              + "-bit samples but "
              + blockAlign
              + " bytes per frame");
    }
    pcm = new PcmStream(new SampleFormat((int) rate, channels, bytesPerSample, encoding, false));
    endOfChunk(need);
  }

  private static String encodingName(int tag) {
    String name =
        switch (tag) {
          case 0x0002 -> "Microsoft ADPCM";
          case 0x0006 -> "A-law";
          case 0x0007 -> "mu-law";
          case 0x0011 -> "IMA ADPCM";
          case 0x0031 -> "GSM 6.10";
          case 0x0055 -> "MP3";
          default -> "format tag";
        };
    return String.format("%s (0x%04x)", name, tag);
  }

  private void endOfChunk(long size) {
    if ((size & 1) == 1) {
      state = State.SKIP; // chunks are padded to an even length
      skipRemaining = 1;
    } else {
      expectChunkHeader();
    }
  }

  private void expectChunkHeader() {
    expectHeader(State.CHUNK_HEADER, 8);
  }

  private void expectHeader(State next, int bytes) {
    state = next;
    need = bytes;
    pendingLength = 0;
    if (pending.length < bytes) {
      pending = new byte[bytes];
    }
  }

  private String ascii(int offset) {
    return new String(pending, offset, 4, StandardCharsets.ISO_8859_1);
  }

  private PcmStream pcm() {
    return Objects.requireNonNull(pcm, "pcm is set before any data state");
  }

  private void checkNotFailed() throws AudioFormatException {
    if (failure != null) {
      throw new AudioFormatException(failure);
    }
  }

  private AudioFormatException fail(String message) {
    state = State.FAILED;
    failure = message;
    return new AudioFormatException(message);
  }
}
