namespace Dealer.Testing.Fuzz;

/// <summary>A fuzz input broke an invariant of the library (an answer that is not the documented one).</summary>
internal sealed class FuzzFinding : Exception
{
    public FuzzFinding()
    {
    }

    public FuzzFinding(string message)
        : base(message)
    {
    }

    public FuzzFinding(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
