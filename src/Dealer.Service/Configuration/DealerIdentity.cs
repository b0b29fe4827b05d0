using Dealer.Ucan.Principals;

namespace Dealer.Service.Configuration;

/// <summary>
/// The dealer's key and identity. The key comes from <c>--key</c> (or <c>DEALER_PRIVATE_KEY</c>), else from
/// <c>--key-file</c>, else from <c>&lt;data-dir&gt;/dealer.key</c>, which is generated on first use (mode 0600) so
/// that a dealer keeps its DID across restarts. With <c>--did did:web:…</c> the dealer signs with the same key under
/// that DID.
/// </summary>
internal sealed class DealerIdentity : IDisposable
{
    /// <summary>The name of the generated key file inside the data directory.</summary>
    public const string KeyFileName = "dealer.key";

    private DealerIdentity(Ed25519Signer key, string? didWeb)
    {
        Key = key;
        Signer = didWeb is null ? key : key.WithDid(didWeb);
    }

    /// <summary>The Ed25519 key.</summary>
    public Ed25519Signer Key { get; }

    /// <summary>What the dealer signs with: the key, under the did:web when one is configured.</summary>
    public ISigner Signer { get; }

    /// <summary>The dealer's DID.</summary>
    public string Did => Signer.Did;

    /// <summary>Whether the identity is a did:web (and <c>/.well-known/did.json</c> is served).</summary>
    public bool IsDidWeb => !ReferenceEquals(Signer, Key);

    /// <summary>Loads (or, with no key configured, generates) the dealer's key.</summary>
    /// <exception cref="FormatException">The key string does not parse.</exception>
    /// <exception cref="IOException">The key file cannot be read or written.</exception>
    public static DealerIdentity Load(DealerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ed25519Signer key;
        if (options.Key is { } text)
        {
            key = Ed25519Signer.Parse(text.Trim());
        }
        else if (options.KeyFile is { } file)
        {
            key = Ed25519Signer.Parse(File.ReadAllText(file).Trim());
        }
        else
        {
            key = LoadOrGenerate(Path.Combine(options.DataDirectory, KeyFileName));
        }

        return new DealerIdentity(key, options.Did);
    }

    /// <summary>Loads the dealer's existing key: as <see cref="Load"/>, but never generates one.</summary>
    /// <exception cref="ArgumentException">No key is configured and the data directory holds none.</exception>
    public static DealerIdentity LoadExisting(DealerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = Path.GetFullPath(Path.Combine(options.DataDirectory, KeyFileName));
        if (options.Key is null && options.KeyFile is null && !File.Exists(file))
        {
            throw new ArgumentException($"no dealer key: '{file}' does not exist; give --key / --key-file (DEALER_PRIVATE_KEY / DEALER_KEY_FILE), the key `dealer serve` signs with.");
        }

        return Load(options);
    }

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();

    private static Ed25519Signer LoadOrGenerate(string path)
    {
        if (File.Exists(path))
        {
            return Ed25519Signer.Parse(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = Ed25519Signer.Generate();
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, fileOptions))
        {
            writer.Write(key.Format() + "\n");
        }

        try
        {
            // Another process may have generated one at the same moment: the first one wins, everyone uses it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            key.Dispose();
            return Ed25519Signer.Parse(File.ReadAllText(path).Trim());
        }

        return key;
    }
}
