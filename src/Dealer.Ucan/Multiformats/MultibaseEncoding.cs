namespace Dealer.Ucan.Multiformats;

/// <summary>The multibase encodings Dealer reads and writes, by their prefix character.</summary>
public enum MultibaseEncoding
{
    /// <summary><c>b</c>: RFC 4648 base32, lower case, no padding (CIDv1 default).</summary>
    Base32Lower = 'b',

    /// <summary><c>z</c>: base58 with the Bitcoin alphabet (did:key).</summary>
    Base58Btc = 'z',

    /// <summary><c>m</c>: RFC 4648 base64, no padding.</summary>
    Base64 = 'm',

    /// <summary><c>M</c>: RFC 4648 base64 with padding (ucanto private keys).</summary>
    Base64Pad = 'M',

    /// <summary><c>u</c>: RFC 4648 base64url, no padding.</summary>
    Base64Url = 'u',
}
