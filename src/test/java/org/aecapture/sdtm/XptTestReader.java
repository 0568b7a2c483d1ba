package org.aecapture.sdtm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A SAS transport v5 reader written from TS-140 for the tests, independent of {@link XptWriter}'s code: it
 * checks every header record, reads the NAMESTRs and turns the observations back into Strings and Doubles.
 */
public final class XptTestReader {

    public record Variable(String name, String label, boolean numeric, int length, int position) { }

    public record Member(String name, String label, List<Variable> variables, List<List<Object>> rows) {
        public int index(String variable) {
            for (int i = 0; i < variables.size(); i++) {
                if (variables.get(i).name().equals(variable)) {
                    return i;
                }
            }
            throw new AssertionError("no variable " + variable + " in " + name);
        }

        public Object value(int row, String variable) {
            return rows.get(row).get(index(variable));
        }
    }

    private final byte[] b;

    private XptTestReader(byte[] bytes) {
        this.b = bytes;
    }

    public static Member read(byte[] bytes) {
        return new XptTestReader(bytes).member();
    }

    private String text(int from, int length) {
        return new String(b, from, length, StandardCharsets.UTF_8);
    }

    private void expect(int at, String what) {
        String found = text(at, what.length());
        if (!found.equals(what)) {
            throw new AssertionError("at byte " + at + ": expected '" + what + "', found '" + found + "'");
        }
    }

    private int u16(int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private int s32(int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private Member member() {
        if (b.length % 80 != 0) {
            throw new AssertionError("a transport file is whole 80-byte records, this one is " + b.length + " bytes");
        }
        expect(0, "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ");
        expect(80, "SAS     SAS     SASLIB  ");
        expect(240, "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ");
        expect(320, "HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ");
        expect(400, "SAS     ");
        String name = text(408, 8).stripTrailing();
        expect(416, "SASDATA ");
        String label = text(480 + 32, 40).stripTrailing();
        expect(560, "HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000");
        int count = Integer.parseInt(text(560 + 54, 4));
        expect(560 + 58, "00000000000000000000  ");
        List<Variable> variables = new ArrayList<>();
        int at = 640;
        for (int i = 0; i < count; i++, at += 140) {
            int type = u16(at);
            if (u16(at + 6) != i + 1) {
                throw new AssertionError("variable " + (i + 1) + " is numbered " + u16(at + 6));
            }
            variables.add(new Variable(text(at + 8, 8).stripTrailing(), text(at + 16, 40).stripTrailing(), type == 1, u16(at + 4),
                    s32(at + 84)));
        }
        at = (at + 79) / 80 * 80;
        expect(at, "HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ");
        at += 80;
        int width = variables.stream().mapToInt(Variable::length).sum();
        List<List<Object>> rows = new ArrayList<>();
        while (at + width <= b.length && !blank(at, b.length)) {
            List<Object> row = new ArrayList<>();
            for (Variable v : variables) {
                row.add(v.numeric() ? ibm(at + v.position()) : blankToNull(text(at + v.position(), v.length()).stripTrailing()));
            }
            rows.add(row);
            at += width;
        }
        return new Member(name, label, variables, rows);
    }

    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** IBM System/360 double: value = fraction / 2^56 * 16^(exponent - 64); "." followed by zeros is missing. */
    private Double ibm(int at) {
        if (b[at] == '.' && blank0(at + 1, at + 8)) {
            return null;
        }
        long fraction = 0;
        for (int i = 1; i < 8; i++) {
            fraction = (fraction << 8) | (b[at + i] & 0xff);
        }
        int exponent = (b[at] & 0x7f) - 64;
        double value = fraction / Math.pow(2, 56) * Math.pow(16, exponent);
        return (b[at] & 0x80) != 0 ? -value : value;
    }

    private boolean blank0(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
