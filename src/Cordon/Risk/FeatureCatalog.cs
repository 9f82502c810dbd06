using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cordon.Risk;

public enum FeatureKind
{
    /// <summary>A number; NaN when unknown.</summary>
    Number,
    /// <summary>A yes/no flag, stored as 1/0; unknown reads as false.</summary>
    Flag,
}

public sealed record FeatureDefinition(string Name, FeatureKind Kind, string Description, int Index);

/// <summary>
/// The named computed values criteria may read (<c>features.trader_hit_rate</c>, <c>screening.block_hits</c>).
/// Names are fixed in code so the type checker can refuse an unknown one when a criterion is saved;
/// values travel as a dense array so reading one at evaluation is an index, not a dictionary lookup.
/// </summary>
public sealed class FeatureCatalog
{
    public string Group { get; }
    public IReadOnlyList<FeatureDefinition> All { get; }
    private readonly FrozenDictionary<string, FeatureDefinition> _byName;

    public FeatureCatalog(string group, IEnumerable<(string Name, FeatureKind Kind, string Description)> features)
    {
        Group = group;
        All = features.Select((f, i) => new FeatureDefinition(f.Name, f.Kind, f.Description, i)).ToList();
        _byName = All.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public FeatureDefinition? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Features of a declaration. The feature store (issue 5, part 2) computes them.</summary>
    public static readonly FeatureCatalog Declaration = new("features",
    [
        ("trader_declarations", FeatureKind.Number, "Declarations of the importer lodged before this one."),
        ("trader_inspections", FeatureKind.Number, "Past inspections of the importer's declarations."),
        ("trader_irregularities", FeatureKind.Number, "Past inspections of the importer that found an irregularity."),
        ("trader_hit_rate", FeatureKind.Number, "Share of the importer's past inspections that found an irregularity (0–1)."),
        ("trader_revenue_raised", FeatureKind.Number, "Revenue raised by past inspections of the importer."),
        ("new_trader", FeatureKind.Flag, "The importer has no declaration before this one."),
        ("declarant_declarations", FeatureKind.Number, "Declarations lodged by the declarant before this one."),
        ("declarant_hit_rate", FeatureKind.Number, "Share of the declarant's past inspections that found an irregularity (0–1)."),
        ("new_declarant", FeatureKind.Flag, "The declarant has no declaration before this one."),
        ("route_risk", FeatureKind.Number, "Hit rate of past inspections on the same origin → port of entry route (0–1)."),
        ("weight_value_ratio", FeatureKind.Number, "Gross weight (kg) per unit of customs value, whole declaration."),
        ("lodged_weekend", FeatureKind.Flag, "Lodged on a Saturday or Sunday."),
        ("lodged_out_of_hours", FeatureKind.Flag, "Lodged outside the office's opening hours."),
    ]);

    /// <summary>Features of one goods item.</summary>
    public static readonly FeatureCatalog Item = new("item.features",
    [
        ("unit_value_ratio", FeatureKind.Number, "Unit value divided by the historical median for the same HS6 and origin."),
        ("unit_value_percentile", FeatureKind.Number, "Where the unit value lies in the historical distribution for the same HS6 and origin (0–100)."),
        ("weight_value_ratio", FeatureKind.Number, "Net weight (kg) per unit of customs value."),
        ("quantity_weight_ratio", FeatureKind.Number, "Supplementary quantity per kg of net weight."),
        ("hs6_hit_rate", FeatureKind.Number, "Share of past inspections of the same HS6 that found an irregularity (0–1)."),
    ]);

    /// <summary>Watch-list screening results of a declaration's parties (issue: screening).</summary>
    public static readonly FeatureCatalog Screening = new("screening",
    [
        ("block_hits", FeatureKind.Number, "Parties matched to a watch-list entry in the block band."),
        ("review_hits", FeatureKind.Number, "Parties matched to a watch-list entry in the review band."),
        ("max_score", FeatureKind.Number, "Highest match score of any party (0–1)."),
        ("any_hit", FeatureKind.Flag, "Any party matched any watch-list entry."),
    ]);
}

/// <summary>Values for one catalogue, by index. Unknown values are NaN.</summary>
public abstract class FeatureVector
{
    private readonly double[] _values;

    protected FeatureVector(FeatureCatalog catalog)
    {
        Catalog = catalog;
        _values = new double[catalog.All.Count];
        Array.Fill(_values, double.NaN);
    }

    [JsonIgnore] public FeatureCatalog Catalog { get; }

    /// <summary>Reads by index (what compiled criteria do).</summary>
    public double this[int index] => _values[index];

    public double Get(string name) => _values[Require(name).Index];

    public void Set(string name, double value) => _values[Require(name).Index] = value;

    public void Set(string name, bool value) => _values[Require(name).Index] = value ? 1 : 0;

    /// <summary>Writes by index (the feature store's hot path; indexes from <see cref="FeatureCatalog.Find"/>).</summary>
    public void Set(int index, double value) => _values[index] = value;

    public IEnumerable<KeyValuePair<string, double>> Known()
        => Catalog.All.Where(f => !double.IsNaN(_values[f.Index])).Select(f => KeyValuePair.Create(f.Name, _values[f.Index]));

    private FeatureDefinition Require(string name)
        => Catalog.Find(name) ?? throw new KeyNotFoundException(
            $"Unknown {Catalog.Group} name '{name}'. Known: {string.Join(", ", Catalog.All.Select(f => f.Name))}.");
}

[JsonConverter(typeof(FeatureVectorJson<DeclarationFeatures>))]
public sealed class DeclarationFeatures() : FeatureVector(FeatureCatalog.Declaration);

[JsonConverter(typeof(FeatureVectorJson<ItemFeatures>))]
public sealed class ItemFeatures() : FeatureVector(FeatureCatalog.Item);

[JsonConverter(typeof(FeatureVectorJson<ScreeningSignals>))]
public sealed class ScreeningSignals() : FeatureVector(FeatureCatalog.Screening);

/// <summary>A feature vector in JSON is an object of name → number, boolean or null; an unknown name is refused.</summary>
public sealed class FeatureVectorJson<T> : JsonConverter<T> where T : FeatureVector, new()
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Expected an object of feature name → value.");
        }
        var vector = new T();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (vector.Catalog.Find(name) is null)
            {
                throw new JsonException($"Unknown {vector.Catalog.Group} name '{name}'. Known: {string.Join(", ", vector.Catalog.All.Select(f => f.Name))}.");
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    vector.Set(name, reader.GetDouble());
                    break;
                case JsonTokenType.True:
                case JsonTokenType.False:
                    vector.Set(name, reader.GetBoolean());
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw new JsonException($"{vector.Catalog.Group}.{name} must be a number, a boolean or null.");
            }
        }
        return vector;
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, v) in value.Known())
        {
            if (value.Catalog.Find(name)!.Kind == FeatureKind.Flag)
            {
                writer.WriteBoolean(name, v != 0);
            }
            else
            {
                writer.WriteNumber(name, v);
            }
        }
        writer.WriteEndObject();
    }
}
