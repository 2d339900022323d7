package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.decode.Packet;
import dev.vigil.flow.Flow;
import dev.vigil.stream.OverlapPolicy;
import dev.vigil.stream.StreamConfig;
import dev.vigil.stream.StreamEvent;
import dev.vigil.stream.StreamListener;
import dev.vigil.stream.TcpReassembler;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of TCP reassembly. An input is a header (settings, initial sequence numbers)
 * then a run of segments over up to four flows: control byte (direction, flow, flags, sequence mode),
 * a signed 16-bit sequence delta from the sender's highest sequence number so far, an ACK delta, a
 * length, and (in random-data mode) the payload bytes.
 *
 * <p>In consistent-data mode every payload byte is the low byte of its own sequence number, so any
 * delivered byte can be checked: within a direction, each delivered byte must be the previous one plus
 * one, plus the size of any gap in between. Always: nothing escapes, {@link TcpReassembler#bytesHeld()}
 * never exceeds the memcap and is 0 once all flows ended, a direction never receives more data bytes
 * than were sent in it, and nothing is delivered for a flow after it ended.
 */
class ReassemblyFuzzTest {
    static final int FLOWS = 4;

    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of((Object) new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 9, 0x02, 0, 0, 0, 0, 0x13, 0, 0, 0, 0, 0x11, 0, 1, 0, 10,
                        0x11, 0, 30, 0, 10, 0x01, 0, 0, 0, 20, 0x10, 0, 50, 0, 0}),
                Arguments.of((Object) new byte[] {0x22, 0x7f, -1, -1, -16, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0x11, 0, 40, 0, 100,
                        0x11, 0, 0, 0, 30, 0x11, -1, -20, 0, 60, 0x15, 0, 0, 0, 0}));
    }

    /** What one direction of one flow received. */
    static final class Side {
        long sentData, deliveredData;
        int expect = -1;
    }

    static final class Checker implements StreamListener {
        final Map<Flow, Side[]> sides = new IdentityHashMap<>();
        boolean consistent;

        Side side(Flow f, boolean toServer) {
            Side[] s = sides.get(f);
            if (s == null) throw new AssertionError("delivery for a flow that ended or never existed");
            return s[toServer ? 0 : 1];
        }

        @Override
        public void onData(Flow flow, boolean toServer, byte[] buf, int off, int len) {
            if (len <= 0 || off < 0 || off + len > buf.length) throw new AssertionError("bad slice " + off + "+" + len);
            Side s = side(flow, toServer);
            s.deliveredData += len;
            if (s.deliveredData > s.sentData) throw new AssertionError("delivered " + s.deliveredData + " > sent " + s.sentData);
            if (!consistent) return;
            for (int i = 0; i < len; i++) {
                int b = buf[off + i] & 0xFF;
                if (s.expect >= 0 && b != s.expect) throw new AssertionError("byte " + b + " where " + s.expect + " belongs");
                s.expect = (b + 1) & 0xFF;
            }
        }

        @Override
        public void onGap(Flow flow, boolean toServer, long bytes) {
            if (bytes <= 0) throw new AssertionError("gap of " + bytes);
            Side s = side(flow, toServer);
            if (s.expect >= 0) s.expect = (int) ((s.expect + bytes) & 0xFF);
        }

        @Override
        public void onEvent(Flow flow, StreamEvent event) {
            side(flow, true);
        }
    }

    @MethodSource("seeds")
    @FuzzTest
    void reassemble(byte[] in) {
        if (in.length < 9) return;
        int h = in[0] & 0xFF;
        StreamConfig cfg = new StreamConfig();
        cfg.policy = OverlapPolicy.values()[h % OverlapPolicy.values().length];
        cfg.midstream = (h & 0x08) != 0;
        cfg.inline = (h & 0x10) != 0;
        cfg.depth = (h & 0x20) != 0 ? 300 : 0;
        cfg.memcap = (h & 0x40) != 0 ? 1200 : 6000;
        cfg.maxHeldPerDirection = 900;
        Checker chk = new Checker();
        chk.consistent = (h & 0x80) == 0;
        TcpReassembler r = new TcpReassembler(cfg, chk);
        long isn = ((in[1] & 0xFFL) << 24) | ((in[2] & 0xFFL) << 16) | ((in[3] & 0xFFL) << 8) | (in[4] & 0xFFL);
        Flow[] flows = new Flow[FLOWS];
        long[][] next = new long[FLOWS][2];
        for (int i = 0; i < FLOWS; i++) {
            Flow f = new Flow();
            f.proto = 6;
            f.ipVersion = 4;
            f.aLo = 0x0A000001;
            f.bLo = 0x0A000002;
            f.aPort = 40000 + i;
            f.bPort = 80;
            flows[i] = f;
            chk.sides.put(f, new Side[] {new Side(), new Side()});
            next[i][0] = (isn + 0x1000_0000L * i) & 0xFFFF_FFFFL;
            next[i][1] = (isn * 7 + (in[5] & 0xFF) * 0x0100_0000L + i) & 0xFFFF_FFFFL;
        }
        byte[] buf = new byte[256];
        Packet p = new Packet();
        p.proto = 6;
        p.l4Off = 0;
        p.seg = MemorySegment.ofArray(buf);
        p.payloadOff = 0;
        int pos = 9;
        while (pos + 5 <= in.length) {
            int ctl = in[pos] & 0xFF;
            int delta = (short) (((in[pos + 1] & 0xFF) << 8) | (in[pos + 2] & 0xFF));
            int ackDelta = in[pos + 3];
            int len = in[pos + 4] & 0x7F;
            boolean big = (in[pos + 4] & 0x80) != 0;
            pos += 5;
            boolean toServer = (ctl & 1) == 0;
            int fi = (ctl >>> 6) & (FLOWS - 1);
            Flow f = flows[fi];
            int d = toServer ? 0 : 1;
            long seq = (next[fi][d] + (big ? (long) delta << 15 : delta)) & 0xFFFF_FFFFL;
            int flags = switch ((ctl >>> 1) & 7) {
                case 0 -> 0x02;          // SYN
                case 1 -> 0x12;          // SYN/ACK
                case 2 -> 0x01 | 0x10;   // FIN/ACK
                case 3 -> 0x04;          // RST
                case 4 -> 0x00;
                default -> 0x18;         // ACK/PSH
            };
            if ((ctl & 0x20) != 0 && flags == 0x04) flags = 0x18;   // keep resets rarer
            if (chk.consistent) {
                long first = (flags & 0x02) != 0 ? seq + 1 : seq;
                for (int i = 0; i < len; i++) buf[i] = (byte) (first + i);
            } else {
                len = Math.min(len, in.length - pos);
                System.arraycopy(in, pos, buf, 0, len);
                pos += len;
            }
            p.tcpSeq = seq;
            p.tcpAck = (next[fi][1 - d] + ackDelta) & 0xFFFF_FFFFL;
            p.tcpFlags = flags;
            p.tcpWindow = (ctl & 0x10) != 0 ? 0 : 1000;
            p.payloadLen = len;
            chk.sides.get(f)[d].sentData += len;
            r.onPacket(f, p, toServer);
            long end = (seq + len + ((flags & 0x03) != 0 ? 1 : 0)) & 0xFFFF_FFFFL;
            if ((int) (end - next[fi][d]) > 0) next[fi][d] = end;
            if (r.bytesHeld() > cfg.memcap || r.bytesHeld() < 0) {
                throw new AssertionError("bytesHeld " + r.bytesHeld() + " vs memcap " + cfg.memcap);
            }
            if ((ctl & 0x3E) == 0x3E) {
                // end the flow and start a fresh one on its tuple, as the flow table does on reuse
                r.onFlowEnd(f);
                chk.sides.remove(f);
                Flow g = new Flow();
                g.proto = 6;
                g.ipVersion = 4;
                g.aLo = f.aLo;
                g.bLo = f.bLo;
                g.aPort = f.aPort;
                g.bPort = f.bPort;
                flows[fi] = g;
                chk.sides.put(g, new Side[] {new Side(), new Side()});
            }
        }
        for (Flow f : flows) r.onFlowEnd(f);
        if (r.bytesHeld() != 0) throw new AssertionError("bytesHeld " + r.bytesHeld() + " after every flow ended");
        chk.sides.clear();
    }
}
