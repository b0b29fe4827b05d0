namespace Dealer.Ucan.Validation;

/// <summary>
/// Reads a map field by field, in declaration order (ucanto <c>Schema.struct()</c>). The result is a new map with the
/// declared fields first (absent optional ones left out) followed by any keys the schema does not declare, unchanged.
/// The first field that fails gives <c>Object contains invalid field "x":</c> with the field's reason nested below.
/// </summary>
public sealed class StructSchema : Schema
{
    private readonly (string Name, Schema Schema)[] _fields;

    internal StructSchema((string Name, Schema Schema)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, schema) in fields)
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(schema);
            if (!names.Add(name))
            {
                throw new ArgumentException($"Field \"{name}\" is declared twice.", nameof(fields));
            }
        }

        _fields = [.. fields];
    }

    /// <summary>The declared field names, in order.</summary>
    public IEnumerable<string> FieldNames => _fields.Select(f => f.Name);

    /// <summary>Reads a map; the value of an ok result is an <see cref="IReadOnlyDictionary{TKey, TValue}"/>.</summary>
    public SchemaResult ReadMap(IReadOnlyDictionary<string, object?>? input) => Read(input ?? new Dictionary<string, object?>());

    private protected override SchemaResult ReadCore(object? input, bool present)
    {
        if (!present || input is not IReadOnlyDictionary<string, object?> source)
        {
            return TypeError("object", input, present);
        }

        var (fields, error) = ReadFields(source);
        return fields is null ? SchemaResult.Fail(error!) : SchemaResult.Ok(fields);
    }

    /// <summary>Reads the fields of a map: the map as read, or the rejection message.</summary>
    internal (IReadOnlyDictionary<string, object?>? Value, string? Error) ReadFields(IReadOnlyDictionary<string, object?> source)
    {
        // Every key of the source ends up in the result, the schema's fields at most once more.
        var result = new Dictionary<string, object?>(source.Count + _fields.Length, StringComparer.Ordinal);
        foreach (var (name, schema) in _fields)
        {
            var field = source.TryGetValue(name, out var value) ? schema.Read(value) : schema.ReadMissing();
            if (!field.IsOk)
            {
                return (null, $"Object contains invalid field \"{name}\":\n{JsText.Li(field.Error)}");
            }

            if (!field.IsAbsent)
            {
                result[name] = field.Value;
            }
        }

        foreach (var (key, value) in source)
        {
            result.TryAdd(key, value);
        }

        return (result, null);
    }
}
