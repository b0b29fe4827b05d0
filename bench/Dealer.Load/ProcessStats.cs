using System.Globalization;

namespace Dealer.Load;

/// <summary>
/// CPU time and memory of another process, read from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks of
/// 1/100 s) and <c>/proc/&lt;pid&gt;/status</c> (VmRSS, VmHWM).
/// </summary>
/// <param name="CpuSeconds">User plus system CPU time so far.</param>
/// <param name="RssBytes">Resident set size now.</param>
/// <param name="PeakRssBytes">Largest resident set size so far.</param>
internal sealed record ProcessStats(double CpuSeconds, long RssBytes, long PeakRssBytes)
{
    /// <summary>The kernel's USER_HZ, which every Linux ABI fixes at 100.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Reads the figures of <paramref name="pid"/>, or null when there is no such process (or no /proc).</summary>
    public static ProcessStats? Read(int pid)
    {
        string stat, status;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
            status = File.ReadAllText($"/proc/{pid}/status");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
        // state(3) ... utime(14) stime(15).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessStats(ticks / TicksPerSecond, StatusKib(status, "VmRSS:") * 1024, StatusKib(status, "VmHWM:") * 1024);
    }

    private static long StatusKib(string status, string field)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
