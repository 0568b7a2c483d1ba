package org.aecapture.sdtm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes one dataset as a SAS transport file, version 5 (the layout of SAS technical report TS-140, which the
 * FDA requires for SDTM submissions): 80-byte header records, a 140-byte NAMESTR per variable, then the
 * observations, character values blank-padded and numbers as 8-byte IBM System/360 floating point. No
 * well-kept Java library writes this format, hence this class; its byte layout is tested field by field.
 */
public final class XptWriter {

    /** The longest character value version 5 can hold. */
    public static final int MAX_CHAR_LENGTH = 200;

    private static final int RECORD = 80;
    private static final int NAMESTR_LENGTH = 140;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("ddMMMyy:HH:mm:ss", Locale.ENGLISH);
    private static final byte[] MISSING = {0x2e, 0, 0, 0, 0, 0, 0, 0}; // SAS's "." missing value

    private XptWriter() {
    }

    /**
     * @param created the creation and modification stamp of the library and the member (local time, to the second)
     * @throws IllegalArgumentException naming the dataset, variable and row when a character value is longer
     *     than version 5 allows; nothing is written then
     */
    public static void write(SdtmDataset dataset, OutputStream out, LocalDateTime created) throws IOException {
        int[] lengths = new int[dataset.variables().size()];
        for (int v = 0; v < lengths.length; v++) {
            lengths[v] = dataset.length(v);
            if (lengths[v] > MAX_CHAR_LENGTH) {
                throw new IllegalArgumentException(tooLong(dataset, v));
            }
        }
        String stamp = STAMP.format(created).toUpperCase(Locale.ROOT);
        Records records = new Records(out);
        records.header("LIBRARY", "000000000000000000000000000000");
        records.text(pad("SAS", 8) + pad("SAS", 8) + pad("SASLIB", 8) + pad("9.4", 8) + pad("X64_LIN", 8) + pad("", 24) + stamp);
        records.text(pad(stamp, RECORD));
        records.header("MEMBER ", "000000000000000001600000000" + NAMESTR_LENGTH);
        records.header("DSCRPTR", "000000000000000000000000000000");
        records.text(pad("SAS", 8) + pad(dataset.name(), 8) + pad("SASDATA", 8) + pad("9.4", 8) + pad("X64_LIN", 8) + pad("", 24) + stamp);
        records.text(stamp + pad("", 16) + pad(dataset.label(), 40) + pad("", 8));
        records.header("NAMESTR", String.format(Locale.ROOT, "000000%04d00000000000000000000", lengths.length));
        int position = 0;
        for (int v = 0; v < lengths.length; v++) {
            records.bytes(namestr(dataset.variables().get(v), v + 1, lengths[v], position));
            position += lengths[v];
        }
        records.pad();
        records.header("OBS    ", "000000000000000000000000000000");
        byte[] observation = new byte[position];
        for (List<Object> row : dataset.rows()) {
            int at = 0;
            for (int v = 0; v < lengths.length; v++) {
                Object value = row.get(v);
                if (dataset.variables().get(v).isNumeric()) {
                    System.arraycopy(value == null ? MISSING : ibm((Integer) value), 0, observation, at, 8);
                } else {
                    byte[] text = value == null ? new byte[0] : ((String) value).getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(text, 0, observation, at, text.length);
                    Arrays.fill(observation, at + text.length, at + lengths[v], (byte) ' ');
                }
                at += lengths[v];
            }
            records.bytes(observation);
        }
        records.pad();
        out.flush();
    }

    private static String tooLong(SdtmDataset dataset, int variable) {
        for (int r = 0; r < dataset.rows().size(); r++) {
            Object value = dataset.rows().get(r).get(variable);
            if (value != null && ((String) value).getBytes(StandardCharsets.UTF_8).length > MAX_CHAR_LENGTH) {
                return dataset.name() + " row " + (r + 1) + ", " + dataset.variables().get(variable).name() + ": the value is "
                        + ((String) value).getBytes(StandardCharsets.UTF_8).length + " bytes in UTF-8, over the " + MAX_CHAR_LENGTH
                        + " that a SAS transport v5 file can hold";
            }
        }
        throw new IllegalStateException("no value of " + dataset.variables().get(variable).name() + " is too long");
    }

    /** The 140-byte description of one variable (TS-140's NAMESTR). */
    static byte[] namestr(SdtmVariable variable, int number, int length, int position) {
        ByteBuffer b = ByteBuffer.allocate(NAMESTR_LENGTH); // big-endian, as the format wants
        b.putShort((short) (variable.isNumeric() ? 1 : 2)); // ntype
        b.putShort((short) 0);                                // nhfun
        b.putShort((short) length);                           // nlng
        b.putShort((short) number);                           // nvar0
        b.put(ascii(pad(variable.name(), 8)));                // nname
        b.put(ascii(pad(variable.label(), 40)));              // nlabel
        b.put(ascii(pad("", 8)));                             // nform
        b.putShort((short) 0).putShort((short) 0).putShort((short) 0); // nfl, nfd, nfj (left)
        b.put(new byte[2]);                                   // nfill
        b.put(ascii(pad("", 8)));                             // niform
        b.putShort((short) 0).putShort((short) 0);            // nifl, nifd
        b.putInt(position);                                   // npos
        // the remaining 52 bytes stay zero
        return b.array();
    }

    /**
     * A number as IBM System/360 double precision: sign bit, 7-bit exponent of 16 biased by 64, 56-bit
     * fraction. Every integer converts exactly (a double's 53 bits fit in 56 with the shift to base 16).
     */
    static byte[] ibm(double value) {
        byte[] out = new byte[8];
        if (value == 0) {
            return out;
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return MISSING.clone();
        }
        long bits = Double.doubleToRawLongBits(value);
        boolean negative = bits < 0;
        int biased = (int) ((bits >>> 52) & 0x7ff);
        long fraction = bits & ((1L << 52) - 1);
        if (biased == 0) {
            return out; // subnormal: far below IBM's smallest (16^-65), so zero
        }
        fraction |= 1L << 52;                 // value = fraction / 2^53 * 2^exp2, the fraction in [0.5, 1)
        int exp2 = biased - 1022;
        int exp16 = Math.floorDiv(exp2 + 3, 4); // 16^exp16 = 2^(4 exp16) >= 2^exp2
        int shift = 4 * exp16 - exp2;           // 0 to 3 bits to the right
        long mantissa = fraction << (3 - shift); // 56 bits: fraction / 2^53 * 2^-shift * 2^56
        if (exp16 + 64 > 127 || exp16 + 64 < 0) {
            throw new IllegalArgumentException(value + " is outside the range of IBM floating point");
        }
        out[0] = (byte) ((negative ? 0x80 : 0) | (exp16 + 64));
        for (int i = 7; i >= 1; i--) {
            out[i] = (byte) mantissa;
            mantissa >>>= 8;
        }
        return out;
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            throw new IllegalArgumentException("'" + s + "' is longer than " + width);
        }
        return s + " ".repeat(width - s.length());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The output as 80-byte records: whatever is written, the file ends on a record boundary after {@link #pad()}. */
    private static final class Records {
        private final OutputStream out;
        private long written;

        Records(OutputStream out) {
            this.out = out;
        }

        void header(String kind, String digits) throws IOException {
            text("HEADER RECORD*******" + kind + " HEADER RECORD!!!!!!!" + digits + "  ");
        }

        void text(String record) throws IOException {
            if (record.length() != RECORD) {
                throw new IllegalStateException("a header record is 80 characters, not " + record.length() + ": " + record);
            }
            bytes(ascii(record));
        }

        void bytes(byte[] b) throws IOException {
            out.write(b);
            written += b.length;
        }

        /** Blanks up to the next 80-byte boundary. */
        void pad() throws IOException {
            int rest = (int) (written % RECORD);
            if (rest != 0) {
                bytes(ascii(" ".repeat(RECORD - rest)));
            }
        }
    }
}
