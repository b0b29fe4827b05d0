using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dealer.Ucan.Filecoin;

/// <summary>8 lanes on 256-bit vectors (AVX2); uses the AVX-512VL rotate and ternary logic when present.</summary>
internal readonly struct Sha256Lanes256 : ISha256Lanes<Vector256<uint>>
{
    private const byte Xor3 = 0x96;
    private const byte Ch = 0xCA;
    private const byte Maj = 0xE8;

    public static int Count => 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ReadOnlySpan<uint> source) => Vector256.Create(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> value, Span<uint> destination) => value.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> left, Vector256<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> And(Vector256<uint> left, Vector256<uint> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma0(Vector256<uint> a) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(a, 2), Avx512F.VL.RotateRight(a, 13), Avx512F.VL.RotateRight(a, 22), Xor3)
        : Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma1(Vector256<uint> e) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(e, 6), Avx512F.VL.RotateRight(e, 11), Avx512F.VL.RotateRight(e, 25), Xor3)
        : Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma0(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 7), Avx512F.VL.RotateRight(x, 18), Vector256.ShiftRightLogical(x, 3), Xor3)
        : Rotr(x, 7) ^ Rotr(x, 18) ^ Vector256.ShiftRightLogical(x, 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma1(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(x, 17), Avx512F.VL.RotateRight(x, 19), Vector256.ShiftRightLogical(x, 10), Xor3)
        : Rotr(x, 17) ^ Rotr(x, 19) ^ Vector256.ShiftRightLogical(x, 10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Choose(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(e, f, g, Ch)
        : g ^ (e & (f ^ g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Majority(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c) => Avx512F.VL.IsSupported
        ? Avx512F.VL.TernaryLogic(a, b, c, Maj)
        : (a & b) | (c & (a | b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotr(Vector256<uint> x, [ConstantExpected] int n) =>
        Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}
