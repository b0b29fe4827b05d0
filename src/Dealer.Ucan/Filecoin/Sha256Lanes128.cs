using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dealer.Ucan.Filecoin;

/// <summary>4 lanes on 128-bit vectors: SSE2 on x64, AdvSimd (NEON) on Arm64.</summary>
internal readonly struct Sha256Lanes128 : ISha256Lanes<Vector128<uint>>
{
    public static int Count => 4;

    public static bool IsSupported => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Load(ReadOnlySpan<uint> source) => Vector128.Create(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<uint> value, Span<uint> destination) => value.CopyTo(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Add(Vector128<uint> left, Vector128<uint> right) => left + right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> And(Vector128<uint> left, Vector128<uint> right) => left & right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> BigSigma0(Vector128<uint> a) => Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> BigSigma1(Vector128<uint> e) => Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> SmallSigma0(Vector128<uint> x) => Rotr(x, 7) ^ Rotr(x, 18) ^ Vector128.ShiftRightLogical(x, 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> SmallSigma1(Vector128<uint> x) => Rotr(x, 17) ^ Rotr(x, 19) ^ Vector128.ShiftRightLogical(x, 10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Choose(Vector128<uint> e, Vector128<uint> f, Vector128<uint> g) => g ^ (e & (f ^ g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Majority(Vector128<uint> a, Vector128<uint> b, Vector128<uint> c) => (a & b) | (c & (a | b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rotr(Vector128<uint> x, [ConstantExpected] int n) =>
        Vector128.ShiftRightLogical(x, n) | Vector128.ShiftLeft(x, 32 - n);
}
