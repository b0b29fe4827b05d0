using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dealer.Ucan.Filecoin;

/// <summary>16 lanes on AVX-512F: native rotates (<c>vprord</c>) and three-input logic (<c>vpternlogd</c>).</summary>
internal readonly struct Sha256Lanes512 : ISha256Lanes<Vector512<uint>>
{
    // vpternlogd truth tables for inputs (A, B, C) = (0xF0, 0xCC, 0xAA).
    private const byte Xor3 = 0x96;
    private const byte Ch = 0xCA;
    private const byte Maj = 0xE8;

    public static int Count => 16;

    public static bool IsSupported => Avx512F.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Loads up to 16 messages <c>left ‖ right</c> as the 16 big-endian schedule words W[0..16), word t of message
    /// j in lane j of <c>w[t]</c>: one byte swap per message and a 16×16 transpose in registers instead of 256
    /// scalar loads and stores. Missing lanes repeat message 0 (their digests are discarded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void LoadMessages(ReadOnlySpan<byte> nodes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<Vector512<uint>> w)
    {
        var swap = ByteSwapMask;
        for (var lane = 0; lane < 16; lane++)
        {
            var m = lane < left.Length ? lane : 0;
            var row = Vector512.Create(Vector256.Create(nodes.Slice(left[m], 32)), Vector256.Create(nodes.Slice(right[m], 32)));
            w[lane] = Avx512BW.Shuffle(row, swap).AsUInt32();
        }

        Transpose16(w);
    }

    /// <summary>Writes the digests of the first <paramref name="lanes"/> lanes of the 8 state words (big-endian,
    /// 32 bytes each) to <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreDigests(Span<Vector512<uint>> state, Span<byte> output, int lanes)
    {
        // state[0..8) are the rows; rows 8..16 are scratch. After the transpose, lane j's digest is the low half
        // of row j.
        var swap = ByteSwapMask;
        for (var i = 0; i < 8; i++)
        {
            state[i] = Avx512BW.Shuffle(state[i].AsByte(), swap).AsUInt32();
            state[i + 8] = Vector512<uint>.Zero;
        }

        Transpose16(state);
        for (var lane = 0; lane < lanes; lane++)
        {
            state[lane].GetLower().AsByte().CopyTo(output.Slice(lane * 32, 32));
        }
    }

    private static Vector512<byte> ByteSwapMask => Vector512.Create(
        (byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);

    /// <summary>In-place transpose of a 16×16 matrix of 32-bit words (row i = <c>m[i]</c>): 32-bit and 64-bit
    /// unpacks, then two rounds of 128-bit lane shuffles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(Span<Vector512<uint>> m)
    {
        Span<Vector512<uint>> t = stackalloc Vector512<uint>[16];
        for (var i = 0; i < 16; i += 2)
        {
            t[i] = Avx512F.UnpackLow(m[i], m[i + 1]);
            t[i + 1] = Avx512F.UnpackHigh(m[i], m[i + 1]);
        }

        for (var i = 0; i < 16; i += 4)
        {
            m[i] = Avx512F.UnpackLow(t[i].AsUInt64(), t[i + 2].AsUInt64()).AsUInt32();
            m[i + 1] = Avx512F.UnpackHigh(t[i].AsUInt64(), t[i + 2].AsUInt64()).AsUInt32();
            m[i + 2] = Avx512F.UnpackLow(t[i + 1].AsUInt64(), t[i + 3].AsUInt64()).AsUInt32();
            m[i + 3] = Avx512F.UnpackHigh(t[i + 1].AsUInt64(), t[i + 3].AsUInt64()).AsUInt32();
        }

        for (var i = 0; i < 16; i += 8)
        {
            for (var j = 0; j < 4; j++)
            {
                t[i + j] = Avx512F.Shuffle4x128(m[i + j], m[i + j + 4], 0x88);
                t[i + j + 4] = Avx512F.Shuffle4x128(m[i + j], m[i + j + 4], 0xDD);
            }
        }

        for (var j = 0; j < 8; j++)
        {
            m[j] = Avx512F.Shuffle4x128(t[j], t[j + 8], 0x88);
            m[j + 8] = Avx512F.Shuffle4x128(t[j], t[j + 8], 0xDD);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(ReadOnlySpan<uint> source) => Vector512.Create(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> value, Span<uint> destination) => value.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> left, Vector512<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> And(Vector512<uint> left, Vector512<uint> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma0(Vector512<uint> a) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(a, 2), Avx512F.RotateRight(a, 13), Avx512F.RotateRight(a, 22), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma1(Vector512<uint> e) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(e, 6), Avx512F.RotateRight(e, 11), Avx512F.RotateRight(e, 25), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma0(Vector512<uint> x) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(x, 7), Avx512F.RotateRight(x, 18), Avx512F.ShiftRightLogical(x, 3), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma1(Vector512<uint> x) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(x, 17), Avx512F.RotateRight(x, 19), Avx512F.ShiftRightLogical(x, 10), Xor3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Choose(Vector512<uint> e, Vector512<uint> f, Vector512<uint> g) =>
        Avx512F.TernaryLogic(e, f, g, Ch);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Majority(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c) =>
        Avx512F.TernaryLogic(a, b, c, Maj);
}
