package io.callstream.analyzer.transcribe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Wraps 16 kHz mono 16-bit PCM in a canonical 44-byte-header WAV file, in memory. */
final class Wav {

  static final int HEADER_BYTES = 44;

  private Wav() {}

  static byte[] of(byte[] pcm) {
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + pcm.length);
    wav.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    wav.putInt(16) // fmt chunk size
        .putShort((short) 1) // PCM
        .putShort((short) 1) // mono
        .putInt(AudioChunk.SAMPLE_RATE)
        .putInt(AudioChunk.BYTES_PER_SECOND)
        .putShort((short) 2) // block align
        .putShort((short) 16); // bits per sample
    wav.put(new byte[] {'d', 'a', 't', 'a'}).putInt(pcm.length).put(pcm);
    return wav.array();
  }
}
