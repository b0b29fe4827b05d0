namespace Dealer.Ucan.Filecoin;

/// <summary>
/// The SHA-256 round primitives over a SIMD vector holding one 32-bit word per lane, so that
/// <see cref="Sha256Lanes{TLanes, TVector}"/> can hash <see cref="Count"/> independent messages at once.
/// </summary>
/// <remarks>Implementations are structs so the JIT specializes and inlines every call; the rotation amounts are
/// literals inside each sigma because the AVX-512 rotate takes an immediate operand.</remarks>
/// <typeparam name="TVector">The vector type, e.g. <c>Vector512&lt;uint&gt;</c>.</typeparam>
internal interface ISha256Lanes<TVector>
    where TVector : unmanaged
{
    /// <summary>The number of 32-bit lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the hardware runs this lane width natively.</summary>
    static abstract bool IsSupported { get; }

    static abstract TVector Broadcast(uint value);

    static abstract TVector Load(ReadOnlySpan<uint> source);

    static abstract void Store(TVector value, Span<uint> destination);

    static abstract TVector Add(TVector left, TVector right);

    static abstract TVector And(TVector left, TVector right);

    /// <summary>Σ0(a) = rotr(a,2) ⊕ rotr(a,13) ⊕ rotr(a,22).</summary>
    static abstract TVector BigSigma0(TVector a);

    /// <summary>Σ1(e) = rotr(e,6) ⊕ rotr(e,11) ⊕ rotr(e,25).</summary>
    static abstract TVector BigSigma1(TVector e);

    /// <summary>σ0(x) = rotr(x,7) ⊕ rotr(x,18) ⊕ (x ≫ 3).</summary>
    static abstract TVector SmallSigma0(TVector x);

    /// <summary>σ1(x) = rotr(x,17) ⊕ rotr(x,19) ⊕ (x ≫ 10).</summary>
    static abstract TVector SmallSigma1(TVector x);

    /// <summary>Ch(e,f,g) = (e ∧ f) ⊕ (¬e ∧ g).</summary>
    static abstract TVector Choose(TVector e, TVector f, TVector g);

    /// <summary>Maj(a,b,c) = (a ∧ b) ⊕ (a ∧ c) ⊕ (b ∧ c).</summary>
    static abstract TVector Majority(TVector a, TVector b, TVector c);
}
