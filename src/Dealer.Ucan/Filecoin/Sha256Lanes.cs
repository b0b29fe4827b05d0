using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dealer.Ucan.Filecoin;

/// <summary>
/// Multi-buffer SHA-256 of 64-byte messages: hashes <c>TLanes.Count</c> independent messages per pass, one message
/// per SIMD lane. Every node of the FRC-0058 tree hashes exactly 64 bytes, and all parents of one tree level are
/// independent, so a level is hashed in batches instead of one OpenSSL call (≈ 360 ns of fixed cost) per node.
/// </summary>
/// <remarks>
/// FIPS 180-4 §6.2. A 64-byte message is two blocks: the data, then a padding block (<c>0x80</c>, zeros, bit length
/// 512) that is the same for every message, so its message schedule is precomputed once (<see cref="Sha256Constants.PaddingKw"/>).
/// </remarks>
internal static class Sha256Lanes<TLanes, TVector>
    where TLanes : ISha256Lanes<TVector>
    where TVector : unmanaged
{
    // Byte 31 of a big-endian digest is the low byte of word 7: trunc254 clears its top two bits.
    private const uint Trunc254Word7Mask = 0xFFFF_FF3F;

    /// <summary>
    /// Hashes <c>nodes[left[i]..+32] ‖ nodes[right[i]..+32]</c> into <c>output[32·i..+32]</c> for every i, clearing
    /// the top two bits of byte 31 of each digest when <paramref name="truncate"/> is set.
    /// </summary>
    public static void HashPairs(
        ReadOnlySpan<byte> nodes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<byte> output, bool truncate)
    {
        var count = TLanes.Count;
        Span<uint> words = stackalloc uint[16 * 16];
        Span<uint> digestWords = stackalloc uint[8 * 16];
        Span<TVector> schedule = stackalloc TVector[16];
        Span<TVector> state = stackalloc TVector[16];
        Span<TVector> schedule2Lanes = stackalloc TVector[16];
        Span<TVector> state2 = stackalloc TVector[16];
        var n = left.Length;
        for (var start = 0; start < n; start += count)
        {
            var lanes = Math.Min(count, n - start);
            if (typeof(TLanes) == typeof(Sha256Lanes512) && n - start >= 2 * count)
            {
                var schedule512 = MemoryMarshal.Cast<TVector, Vector512<uint>>(schedule);
                var schedule2 = MemoryMarshal.Cast<TVector, Vector512<uint>>(schedule2Lanes);
                Sha256Lanes512.LoadMessages(nodes, left.Slice(start, count), right.Slice(start, count), schedule512);
                Sha256Lanes512.LoadMessages(nodes, left.Slice(start + count, count), right.Slice(start + count, count), schedule2);
                Compress2(schedule, schedule2Lanes, truncate, state, state2);
                Sha256Lanes512.StoreDigests(MemoryMarshal.Cast<TVector, Vector512<uint>>(state), output.Slice(start * 32, count * 32), count);
                Sha256Lanes512.StoreDigests(
                    MemoryMarshal.Cast<TVector, Vector512<uint>>(state2), output.Slice((start + count) * 32, count * 32), count);
                start += count;
            }
            else if (typeof(TLanes) == typeof(Sha256Lanes512))
            {
                // The JIT drops whichever branch does not apply to TLanes.
                Sha256Lanes512.LoadMessages(
                    nodes, left.Slice(start, lanes), right.Slice(start, lanes), MemoryMarshal.Cast<TVector, Vector512<uint>>(schedule));
                Compress(schedule, truncate, state);
                Sha256Lanes512.StoreDigests(
                    MemoryMarshal.Cast<TVector, Vector512<uint>>(state), output.Slice(start * 32, lanes * 32), lanes);
            }
            else
            {
                Transpose(nodes, left.Slice(start, lanes), right.Slice(start, lanes), count, words);
                for (var t = 0; t < 16; t++)
                {
                    schedule[t] = TLanes.Load(words.Slice(t * count, count));
                }

                Compress(schedule, truncate, state);
                for (var i = 0; i < 8; i++)
                {
                    TLanes.Store(state[i], digestWords.Slice(i * count, count));
                }

                WriteDigests(digestWords, count, output.Slice(start * 32, lanes * 32));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ReadOnlySpan<byte> nodes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, int count, Span<uint> words)
    {
        for (var lane = 0; lane < left.Length; lane++)
        {
            var l = MemoryMarshal.Cast<byte, uint>(nodes.Slice(left[lane], 32));
            var r = MemoryMarshal.Cast<byte, uint>(nodes.Slice(right[lane], 32));
            for (var w = 0; w < 8; w++)
            {
                words[(w * count) + lane] = BigEndian(l[w]);
                words[((w + 8) * count) + lane] = BigEndian(r[w]);
            }
        }
    }

    private static void Compress(Span<TVector> w, bool truncate, Span<TVector> state)
    {
        var k = Sha256Constants.K;
        var h0 = Sha256Constants.InitialState;

        // Block 1: the 64-byte message. Eight rounds per step with the roles of a..h rotated instead of moved.
        TVector a = TLanes.Broadcast(h0[0]), b = TLanes.Broadcast(h0[1]), c = TLanes.Broadcast(h0[2]), d = TLanes.Broadcast(h0[3]);
        TVector e = TLanes.Broadcast(h0[4]), f = TLanes.Broadcast(h0[5]), g = TLanes.Broadcast(h0[6]), h = TLanes.Broadcast(h0[7]);
        for (var t = 0; t < 64; t += 8)
        {
            if (t >= 16)
            {
                for (var i = t; i < t + 8; i++)
                {
                    w[i & 15] = TLanes.Add(
                        TLanes.Add(TLanes.SmallSigma1(w[(i - 2) & 15]), w[(i - 7) & 15]),
                        TLanes.Add(TLanes.SmallSigma0(w[(i - 15) & 15]), w[i & 15]));
                }
            }

            var j = t & 15;
            Round(a, b, c, ref d, e, f, g, ref h, TLanes.Add(TLanes.Broadcast(k[t]), w[j]));
            Round(h, a, b, ref c, d, e, f, ref g, TLanes.Add(TLanes.Broadcast(k[t + 1]), w[j + 1]));
            Round(g, h, a, ref b, c, d, e, ref f, TLanes.Add(TLanes.Broadcast(k[t + 2]), w[j + 2]));
            Round(f, g, h, ref a, b, c, d, ref e, TLanes.Add(TLanes.Broadcast(k[t + 3]), w[j + 3]));
            Round(e, f, g, ref h, a, b, c, ref d, TLanes.Add(TLanes.Broadcast(k[t + 4]), w[j + 4]));
            Round(d, e, f, ref g, h, a, b, ref c, TLanes.Add(TLanes.Broadcast(k[t + 5]), w[j + 5]));
            Round(c, d, e, ref f, g, h, a, ref b, TLanes.Add(TLanes.Broadcast(k[t + 6]), w[j + 6]));
            Round(b, c, d, ref e, f, g, h, ref a, TLanes.Add(TLanes.Broadcast(k[t + 7]), w[j + 7]));
        }

        TVector s0 = TLanes.Add(a, TLanes.Broadcast(h0[0])), s1 = TLanes.Add(b, TLanes.Broadcast(h0[1]));
        TVector s2 = TLanes.Add(c, TLanes.Broadcast(h0[2])), s3 = TLanes.Add(d, TLanes.Broadcast(h0[3]));
        TVector s4 = TLanes.Add(e, TLanes.Broadcast(h0[4])), s5 = TLanes.Add(f, TLanes.Broadcast(h0[5]));
        TVector s6 = TLanes.Add(g, TLanes.Broadcast(h0[6])), s7 = TLanes.Add(h, TLanes.Broadcast(h0[7]));

        // Block 2: the constant padding block; K[t] + W[t] is precomputed.
        var kw = Sha256Constants.PaddingKw;
        a = s0;
        b = s1;
        c = s2;
        d = s3;
        e = s4;
        f = s5;
        g = s6;
        h = s7;
        for (var t = 0; t < 64; t += 8)
        {
            Round(a, b, c, ref d, e, f, g, ref h, TLanes.Broadcast(kw[t]));
            Round(h, a, b, ref c, d, e, f, ref g, TLanes.Broadcast(kw[t + 1]));
            Round(g, h, a, ref b, c, d, e, ref f, TLanes.Broadcast(kw[t + 2]));
            Round(f, g, h, ref a, b, c, d, ref e, TLanes.Broadcast(kw[t + 3]));
            Round(e, f, g, ref h, a, b, c, ref d, TLanes.Broadcast(kw[t + 4]));
            Round(d, e, f, ref g, h, a, b, ref c, TLanes.Broadcast(kw[t + 5]));
            Round(c, d, e, ref f, g, h, a, ref b, TLanes.Broadcast(kw[t + 6]));
            Round(b, c, d, ref e, f, g, h, ref a, TLanes.Broadcast(kw[t + 7]));
        }

        state[0] = TLanes.Add(a, s0);
        state[1] = TLanes.Add(b, s1);
        state[2] = TLanes.Add(c, s2);
        state[3] = TLanes.Add(d, s3);
        state[4] = TLanes.Add(e, s4);
        state[5] = TLanes.Add(f, s5);
        state[6] = TLanes.Add(g, s6);
        var last = TLanes.Add(h, s7);
        state[7] = truncate ? TLanes.And(last, TLanes.Broadcast(Trunc254Word7Mask)) : last;
    }

    /// <summary>Two independent batches at once: SHA-256 rounds are a serial dependency chain, so interleaving two
    /// chains keeps the vector units busy while each waits on its previous round.</summary>
    private static void Compress2(Span<TVector> w, Span<TVector> x, bool truncate, Span<TVector> state, Span<TVector> state2)
    {
        var k = Sha256Constants.K;
        var iv = Sha256Constants.InitialState;
        TVector a = TLanes.Broadcast(iv[0]), b = TLanes.Broadcast(iv[1]), c = TLanes.Broadcast(iv[2]), d = TLanes.Broadcast(iv[3]);
        TVector e = TLanes.Broadcast(iv[4]), f = TLanes.Broadcast(iv[5]), g = TLanes.Broadcast(iv[6]), h = TLanes.Broadcast(iv[7]);
        TVector a2 = a, b2 = b, c2 = c, d2 = d, e2 = e, f2 = f, g2 = g, h2 = h;
        for (var t = 0; t < 64; t += 8)
        {
            if (t >= 16)
            {
                for (var i = t; i < t + 8; i++)
                {
                    w[i & 15] = TLanes.Add(
                        TLanes.Add(TLanes.SmallSigma1(w[(i - 2) & 15]), w[(i - 7) & 15]),
                        TLanes.Add(TLanes.SmallSigma0(w[(i - 15) & 15]), w[i & 15]));
                    x[i & 15] = TLanes.Add(
                        TLanes.Add(TLanes.SmallSigma1(x[(i - 2) & 15]), x[(i - 7) & 15]),
                        TLanes.Add(TLanes.SmallSigma0(x[(i - 15) & 15]), x[i & 15]));
                }
            }

            var j = t & 15;
            var kt = TLanes.Broadcast(k[t]);
            Round(a, b, c, ref d, e, f, g, ref h, TLanes.Add(kt, w[j]));
            Round(a2, b2, c2, ref d2, e2, f2, g2, ref h2, TLanes.Add(kt, x[j]));
            kt = TLanes.Broadcast(k[t + 1]);
            Round(h, a, b, ref c, d, e, f, ref g, TLanes.Add(kt, w[j + 1]));
            Round(h2, a2, b2, ref c2, d2, e2, f2, ref g2, TLanes.Add(kt, x[j + 1]));
            kt = TLanes.Broadcast(k[t + 2]);
            Round(g, h, a, ref b, c, d, e, ref f, TLanes.Add(kt, w[j + 2]));
            Round(g2, h2, a2, ref b2, c2, d2, e2, ref f2, TLanes.Add(kt, x[j + 2]));
            kt = TLanes.Broadcast(k[t + 3]);
            Round(f, g, h, ref a, b, c, d, ref e, TLanes.Add(kt, w[j + 3]));
            Round(f2, g2, h2, ref a2, b2, c2, d2, ref e2, TLanes.Add(kt, x[j + 3]));
            kt = TLanes.Broadcast(k[t + 4]);
            Round(e, f, g, ref h, a, b, c, ref d, TLanes.Add(kt, w[j + 4]));
            Round(e2, f2, g2, ref h2, a2, b2, c2, ref d2, TLanes.Add(kt, x[j + 4]));
            kt = TLanes.Broadcast(k[t + 5]);
            Round(d, e, f, ref g, h, a, b, ref c, TLanes.Add(kt, w[j + 5]));
            Round(d2, e2, f2, ref g2, h2, a2, b2, ref c2, TLanes.Add(kt, x[j + 5]));
            kt = TLanes.Broadcast(k[t + 6]);
            Round(c, d, e, ref f, g, h, a, ref b, TLanes.Add(kt, w[j + 6]));
            Round(c2, d2, e2, ref f2, g2, h2, a2, ref b2, TLanes.Add(kt, x[j + 6]));
            kt = TLanes.Broadcast(k[t + 7]);
            Round(b, c, d, ref e, f, g, h, ref a, TLanes.Add(kt, w[j + 7]));
            Round(b2, c2, d2, ref e2, f2, g2, h2, ref a2, TLanes.Add(kt, x[j + 7]));
        }

        // The block-1 results go through memory: 16 more live vectors would not fit in the registers.
        state[0] = TLanes.Add(a, TLanes.Broadcast(iv[0]));
        state[1] = TLanes.Add(b, TLanes.Broadcast(iv[1]));
        state[2] = TLanes.Add(c, TLanes.Broadcast(iv[2]));
        state[3] = TLanes.Add(d, TLanes.Broadcast(iv[3]));
        state[4] = TLanes.Add(e, TLanes.Broadcast(iv[4]));
        state[5] = TLanes.Add(f, TLanes.Broadcast(iv[5]));
        state[6] = TLanes.Add(g, TLanes.Broadcast(iv[6]));
        state[7] = TLanes.Add(h, TLanes.Broadcast(iv[7]));
        state2[0] = TLanes.Add(a2, TLanes.Broadcast(iv[0]));
        state2[1] = TLanes.Add(b2, TLanes.Broadcast(iv[1]));
        state2[2] = TLanes.Add(c2, TLanes.Broadcast(iv[2]));
        state2[3] = TLanes.Add(d2, TLanes.Broadcast(iv[3]));
        state2[4] = TLanes.Add(e2, TLanes.Broadcast(iv[4]));
        state2[5] = TLanes.Add(f2, TLanes.Broadcast(iv[5]));
        state2[6] = TLanes.Add(g2, TLanes.Broadcast(iv[6]));
        state2[7] = TLanes.Add(h2, TLanes.Broadcast(iv[7]));

        var kw = Sha256Constants.PaddingKw;
        a = state[0];
        b = state[1];
        c = state[2];
        d = state[3];
        e = state[4];
        f = state[5];
        g = state[6];
        h = state[7];
        a2 = state2[0];
        b2 = state2[1];
        c2 = state2[2];
        d2 = state2[3];
        e2 = state2[4];
        f2 = state2[5];
        g2 = state2[6];
        h2 = state2[7];
        for (var t = 0; t < 64; t += 8)
        {
            var kt = TLanes.Broadcast(kw[t]);
            Round(a, b, c, ref d, e, f, g, ref h, kt);
            Round(a2, b2, c2, ref d2, e2, f2, g2, ref h2, kt);
            kt = TLanes.Broadcast(kw[t + 1]);
            Round(h, a, b, ref c, d, e, f, ref g, kt);
            Round(h2, a2, b2, ref c2, d2, e2, f2, ref g2, kt);
            kt = TLanes.Broadcast(kw[t + 2]);
            Round(g, h, a, ref b, c, d, e, ref f, kt);
            Round(g2, h2, a2, ref b2, c2, d2, e2, ref f2, kt);
            kt = TLanes.Broadcast(kw[t + 3]);
            Round(f, g, h, ref a, b, c, d, ref e, kt);
            Round(f2, g2, h2, ref a2, b2, c2, d2, ref e2, kt);
            kt = TLanes.Broadcast(kw[t + 4]);
            Round(e, f, g, ref h, a, b, c, ref d, kt);
            Round(e2, f2, g2, ref h2, a2, b2, c2, ref d2, kt);
            kt = TLanes.Broadcast(kw[t + 5]);
            Round(d, e, f, ref g, h, a, b, ref c, kt);
            Round(d2, e2, f2, ref g2, h2, a2, b2, ref c2, kt);
            kt = TLanes.Broadcast(kw[t + 6]);
            Round(c, d, e, ref f, g, h, a, ref b, kt);
            Round(c2, d2, e2, ref f2, g2, h2, a2, ref b2, kt);
            kt = TLanes.Broadcast(kw[t + 7]);
            Round(b, c, d, ref e, f, g, h, ref a, kt);
            Round(b2, c2, d2, ref e2, f2, g2, h2, ref a2, kt);
        }

        var mask = TLanes.Broadcast(truncate ? Trunc254Word7Mask : uint.MaxValue);
        state[0] = TLanes.Add(a, state[0]);
        state[1] = TLanes.Add(b, state[1]);
        state[2] = TLanes.Add(c, state[2]);
        state[3] = TLanes.Add(d, state[3]);
        state[4] = TLanes.Add(e, state[4]);
        state[5] = TLanes.Add(f, state[5]);
        state[6] = TLanes.Add(g, state[6]);
        state[7] = TLanes.And(TLanes.Add(h, state[7]), mask);
        state2[0] = TLanes.Add(a2, state2[0]);
        state2[1] = TLanes.Add(b2, state2[1]);
        state2[2] = TLanes.Add(c2, state2[2]);
        state2[3] = TLanes.Add(d2, state2[3]);
        state2[4] = TLanes.Add(e2, state2[4]);
        state2[5] = TLanes.Add(f2, state2[5]);
        state2[6] = TLanes.Add(g2, state2[6]);
        state2[7] = TLanes.And(TLanes.Add(h2, state2[7]), mask);
    }

    /// <summary>One round: T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]; d += T1; h = T1 + Σ0(a) + Maj(a,b,c).
    /// The caller rotates the roles, so the new a is this round's h and the new e its d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(
        TVector a, TVector b, TVector c, ref TVector d, TVector e, TVector f, TVector g, ref TVector h, TVector kw)
    {
        var t1 = TLanes.Add(TLanes.Add(h, TLanes.BigSigma1(e)), TLanes.Add(TLanes.Choose(e, f, g), kw));
        d = TLanes.Add(d, t1);
        h = TLanes.Add(t1, TLanes.Add(TLanes.BigSigma0(a), TLanes.Majority(a, b, c)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigests(ReadOnlySpan<uint> digestWords, int count, Span<byte> output)
    {
        var outWords = MemoryMarshal.Cast<byte, uint>(output);
        var lanes = outWords.Length / 8;
        for (var lane = 0; lane < lanes; lane++)
        {
            var digest = outWords.Slice(lane * 8, 8);
            for (var w = 0; w < 8; w++)
            {
                digest[w] = BigEndian(digestWords[(w * count) + lane]);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint BigEndian(uint value) => BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
}
