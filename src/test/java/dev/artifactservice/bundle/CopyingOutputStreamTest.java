package dev.artifactservice.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyingOutputStreamTest {

    @Test
    void bothStreamsGetEveryByte() throws IOException {
        ByteArrayOutputStream primary = new ByteArrayOutputStream();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        CopyingOutputStream out = new CopyingOutputStream(primary, copy);
        out.write("abc".getBytes(StandardCharsets.US_ASCII));
        out.write('d');
        assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), primary.toByteArray());
        assertArrayEquals(primary.toByteArray(), copy.toByteArray());
        assertNull(out.failure());
    }

    @Test
    void aFailingCopyIsRememberedAndLeftAloneWhileThePrimaryGoesOn() throws IOException {
        ByteArrayOutputStream primary = new ByteArrayOutputStream();
        IOException refused = new IOException("part upload failed");
        int[] calls = {0};
        OutputStream copy = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                calls[0]++;
                throw refused;
            }
        };
        CopyingOutputStream out = new CopyingOutputStream(primary, copy);
        out.write(new byte[10]);
        out.write(new byte[5]);
        assertEquals(15, primary.size());
        assertSame(refused, out.failure());
        assertEquals(1, calls[0], "not written to again after its failure");
    }

    @Test
    void aFailingPrimaryPropagates() {
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }
        };
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        CopyingOutputStream out = new CopyingOutputStream(gone, copy);
        assertThrows(IOException.class, () -> out.write(new byte[3]));
        assertEquals(0, copy.size(), "the copy never gets bytes the client did not");
    }
}
