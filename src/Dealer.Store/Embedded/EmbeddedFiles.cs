namespace Dealer.Store.Embedded;

/// <summary>
/// The file half of the embedded offer-store: <c>&lt;data&gt;/offers/&lt;key&gt;</c> for the objects Spade reads and
/// <c>&lt;data&gt;/partial/</c> for files being written, so that a reader of <c>offers/</c> never sees a partial file.
/// </summary>
internal sealed class EmbeddedFiles
{
    // A temp file this old is left over from a crash; a live writer renames its file within milliseconds.
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private readonly string _offers;
    private readonly string _temp;

    private EmbeddedFiles(string offers, string temp)
    {
        _offers = offers;
        _temp = temp;
    }

    /// <summary>The directory holding one file per offer.</summary>
    public string OffersDirectory => _offers;

    /// <summary>Creates the directories under <paramref name="dataDirectory"/> and removes abandoned temp files.</summary>
    public static EmbeddedFiles Open(string dataDirectory, TimeProvider time)
    {
        var files = new EmbeddedFiles(Path.Combine(dataDirectory, "offers"), Path.Combine(dataDirectory, "partial"));
        Directory.CreateDirectory(files._offers);
        Directory.CreateDirectory(files._temp);
        var cutoff = time.GetUtcNow().UtcDateTime - AbandonedAfter;
        foreach (var leftover in new DirectoryInfo(files._temp).EnumerateFiles())
        {
            if (leftover.LastWriteTimeUtc < cutoff)
            {
                leftover.Delete();
            }
        }

        return files;
    }

    /// <summary>
    /// Whether <paramref name="name"/> can be used as one file name as it is: not empty, not <c>.</c> or <c>..</c>, no
    /// directory separators or control characters. Offer keys are used verbatim, so anything else is refused.
    /// </summary>
    public static bool IsSafeName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name is not "." and not ".."
        && !name.Any(c => c is '/' or '\\' || char.IsControl(c));

    /// <summary>
    /// Writes the offer file for <paramref name="key"/> unless it exists: the body goes to a temp file, is flushed to
    /// disk, and is then renamed into place, so the file is either absent or complete.
    /// </summary>
    public async Task WriteOfferIfMissingAsync(string key, Func<byte[]> body, CancellationToken cancellationToken)
    {
        var target = OfferPath(key);
        if (File.Exists(target))
        {
            return;
        }

        var temp = NewTempPath();
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(body(), cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            // Two writers repairing the same offer at once write identical bytes; the second rename replaces the first.
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="body"/> as the offer file for <paramref name="key"/> (temp file, then rename), replacing
    /// any file there, without flushing it to disk: for files written from committed state, which the repair on
    /// start rewrites if a power cut lost or cut them short.
    /// </summary>
    public void WriteOffer(string key, byte[] body)
    {
        var target = OfferPath(key);
        var temp = NewTempPath();
        try
        {
            // CreateNew, not File.WriteAllBytes: the temp name is new, and WriteAllBytes truncates the file it opens, which
            // makes ext4 (auto_da_alloc) start writing it back on close, a cost on every offer.
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                RandomAccess.Write(handle, body, 0);
            }

            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Whether the offer file for <paramref name="key"/> exists.</summary>
    public bool OfferExists(string key) => File.Exists(OfferPath(key));

    /// <summary>Every offer file name with its length in bytes.</summary>
    public Dictionary<string, long> OfferLengths()
    {
        var lengths = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(_offers).EnumerateFiles())
        {
            lengths[file.Name] = file.Length;
        }

        return lengths;
    }

    private string NewTempPath() => Path.Combine(_temp, Guid.NewGuid().ToString("N") + ".offer");

    /// <summary>The bytes of the offer file for <paramref name="key"/>, or null when there is none.</summary>
    public async Task<byte[]?> ReadOfferAsync(string key, CancellationToken cancellationToken)
    {
        if (!IsSafeName(key))
        {
            return null;
        }

        try
        {
            return await File.ReadAllBytesAsync(OfferPath(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The offer file names after <paramref name="startAfter"/>, in ordinal (= key = arrival) order.</summary>
    public IReadOnlyList<string> ListOfferKeys(string? startAfter)
    {
        var keys = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_offers))
        {
            var name = Path.GetFileName(path);
            if (startAfter is null || string.CompareOrdinal(name, startAfter) > 0)
            {
                keys.Add(name);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The <c>file://</c> URI of the offer file for <paramref name="key"/>.</summary>
    public Uri OfferUri(string key) => new(OfferPath(key), UriKind.Absolute);

    private string OfferPath(string key)
    {
        if (!IsSafeName(key))
        {
            throw new ArgumentException($"'{key}' is not an offer key.", nameof(key));
        }

        return Path.Combine(_offers, key);
    }
}
