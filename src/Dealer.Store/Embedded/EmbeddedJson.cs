using System.Text.Json.Serialization;

namespace Dealer.Store.Embedded;

/// <summary>Source-generated JSON for the registry's <c>pieces</c> column (a JSON array of CID strings).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class EmbeddedJson : JsonSerializerContext;
