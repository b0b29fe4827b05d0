using System.Text;
using NUnit.Framework.Interfaces;

[assembly: Dealer.Service.Tests.Support.TestLog.ShownOnFailure]

namespace Dealer.Service.Tests.Support;

/// <summary>
/// What the dealers these tests run write to stderr, kept in memory: the in-process hosts' log lines (their console
/// logger writes to <see cref="Console.Error"/>, which <see cref="ShownOnFailureAttribute"/> points here for the whole
/// run) and
/// the stderr of the <c>dealer</c> child processes (<see cref="DealerProcess"/>). Many tests provoke faults on purpose
/// (a store that is down, a crash, bad input), so a passing test's lines stay out of the test output;
/// <see cref="ShownOnFailureAttribute"/> attaches the lines written while a test ran to that test's output when it fails.
/// </summary>
internal static class TestLog
{
    // Enough for the longest test; older lines are dropped, so that the buffer stays small over the run.
    private const int Capacity = 20_000;

    private static readonly Queue<(long Sequence, string Line)> Lines = new();
    private static long _next;

    /// <summary>Everything written here goes into the log, a line at a time.</summary>
    public static TextWriter Writer { get; } = TextWriter.Synchronized(new LineWriter());

    /// <summary>Adds one line.</summary>
    public static void Append(string line)
    {
        lock (Lines)
        {
            Lines.Enqueue((_next++, line));
            if (Lines.Count > Capacity)
            {
                Lines.Dequeue();
            }
        }
    }

    /// <summary>The position of the next line.</summary>
    public static long Mark()
    {
        lock (Lines)
        {
            return _next;
        }
    }

    /// <summary>The lines added since <paramref name="mark"/> (those still held).</summary>
    public static IReadOnlyList<string> Since(long mark)
    {
        lock (Lines)
        {
            return Lines.Where(entry => entry.Sequence >= mark).Select(entry => entry.Line).ToList();
        }
    }

    /// <summary>
    /// Points <see cref="Console.Error"/> here for the whole run (before any dealer starts, so that the console
    /// loggers of the in-process hosts and commands write here), and writes a failed test's log lines into its
    /// output; a passing test's lines are not shown.
    /// </summary>
    [AttributeUsage(AttributeTargets.Assembly)]
    public sealed class ShownOnFailureAttribute : Attribute, ITestAction
    {
        private readonly Dictionary<string, long> _marks = [];
        private TextWriter? _stderr;

        public ActionTargets Targets => ActionTargets.Test | ActionTargets.Suite;

        public void BeforeTest(ITest test)
        {
            if (test.TestType == "Assembly")
            {
                _stderr = Console.Error;
                Console.SetError(Writer);
            }

            lock (_marks)
            {
                _marks[test.Id] = Mark();
            }
        }

        public void AfterTest(ITest test)
        {
            if (test.TestType == "Assembly" && _stderr is not null)
            {
                Console.SetError(_stderr);
            }

            long mark;
            lock (_marks)
            {
                if (!_marks.Remove(test.Id, out mark))
                {
                    return;
                }
            }

            // A suite's own lines (its one-time set-up and tear-down) are shown when the suite failed there.
            var status = TestContext.CurrentContext.Result.Outcome.Status;
            if (status != TestStatus.Failed || (test.IsSuite && TestContext.CurrentContext.Result.Outcome.Site == FailureSite.Child))
            {
                return;
            }

            var lines = Since(mark);
            if (lines.Count > 0)
            {
                TestContext.Out.WriteLine($"--- the dealer's log while {test.Name} ran ({lines.Count} lines) ---");
                foreach (var line in lines)
                {
                    TestContext.Out.WriteLine(line);
                }
            }
        }
    }

    private sealed class LineWriter : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                Append(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }
}
