namespace Cordon.Risk.Language;

public enum RiskTypeKind
{
    /// <summary>Given to an expression that already has an error, so one mistake is reported once.</summary>
    Error,
    Number,
    Text,
    Boolean,
    Date,
    List,
    Record,
    Collection,
    FeatureGroup,
}

/// <summary>The type of an expression, as the type checker sees it.</summary>
public sealed class RiskType : IEquatable<RiskType>
{
    public RiskTypeKind Kind { get; }
    /// <summary>Element type of a list.</summary>
    public RiskType? Element { get; }
    /// <summary>The record of a record, or the element record of a collection.</summary>
    public RecordSchema? Record { get; }
    /// <summary>The catalogue of a feature group.</summary>
    public FeatureCatalog? Features { get; }

    private RiskType(RiskTypeKind kind, RiskType? element = null, RecordSchema? record = null, FeatureCatalog? features = null)
    {
        Kind = kind;
        Element = element;
        Record = record;
        Features = features;
    }

    public static readonly RiskType Error = new(RiskTypeKind.Error);
    public static readonly RiskType Number = new(RiskTypeKind.Number);
    public static readonly RiskType Text = new(RiskTypeKind.Text);
    public static readonly RiskType Boolean = new(RiskTypeKind.Boolean);
    public static readonly RiskType Date = new(RiskTypeKind.Date);
    public static readonly RiskType TextList = new(RiskTypeKind.List, Text);
    public static readonly RiskType NumberList = new(RiskTypeKind.List, Number);
    public static readonly RiskType DateList = new(RiskTypeKind.List, Date);

    public static RiskType ListOf(RiskType element) => element.Kind switch
    {
        RiskTypeKind.Text => TextList,
        RiskTypeKind.Number => NumberList,
        RiskTypeKind.Date => DateList,
        _ => new RiskType(RiskTypeKind.List, element),
    };

    public static RiskType RecordOf(RecordSchema record) => new(RiskTypeKind.Record, record: record);

    public static RiskType CollectionOf(RecordSchema element) => new(RiskTypeKind.Collection, record: element);

    public static RiskType GroupOf(FeatureCatalog catalog) => new(RiskTypeKind.FeatureGroup, features: catalog);

    public bool IsError => Kind == RiskTypeKind.Error;

    /// <summary>Numbers and dates are both held as doubles at evaluation (a date as its day number).</summary>
    internal bool IsNumeric => Kind is RiskTypeKind.Number or RiskTypeKind.Date;

    public override string ToString() => Kind switch
    {
        RiskTypeKind.Error => "(error)",
        RiskTypeKind.Number => "number",
        RiskTypeKind.Text => "text",
        RiskTypeKind.Boolean => "boolean",
        RiskTypeKind.Date => "date",
        RiskTypeKind.List => $"list of {Element}",
        RiskTypeKind.Record => Record!.Name,
        RiskTypeKind.Collection => $"collection of {Record!.Name}",
        RiskTypeKind.FeatureGroup => $"{Features!.Group} group",
        _ => Kind.ToString(),
    };

    public bool Equals(RiskType? other)
        => other is not null && Kind == other.Kind && Equals(Element, other.Element) && Record == other.Record && Features == other.Features;

    public override bool Equals(object? obj) => Equals(obj as RiskType);

    public override int GetHashCode() => HashCode.Combine(Kind, Element, Record, Features);
}
