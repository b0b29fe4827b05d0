namespace Dealer.Store.Abstractions;

/// <summary>One page of <see cref="IDealStore.ListByStatusAsync"/>.</summary>
/// <param name="Items">The deals on this page.</param>
/// <param name="Cursor">An opaque cursor for the next page, or null on the last page.</param>
public sealed record DealPage(IReadOnlyList<DealRecord> Items, string? Cursor);
