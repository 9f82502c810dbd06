using System.IO.Compression;

namespace Cordon.Risk.Model;

/// <summary>A feature's part in one score: how much the log-odds fall when it takes its typical value instead.</summary>
public sealed record FeatureContribution(string Name, double? Value, double? Typical, double Contribution);

/// <summary>What the model says about one declaration.</summary>
public readonly record struct ModelScore(double Probability, double RevenueIfIrregular)
{
    /// <summary>What an inspection is expected to raise: the ranking key.</summary>
    public double ExpectedRevenue => Probability * RevenueIfIrregular;
}

/// <summary>
/// A trained risk model: a tree ensemble for the probability of an irregularity (log-odds, Platt-calibrated)
/// and one for the revenue an irregular declaration yields (log1p of revenue). Ranks by expected revenue.
/// </summary>
public sealed class RiskModel(TreeEnsemble irregularity, double plattSlope, double plattOffset, TreeEnsemble? revenue, double meanRevenue,
    IReadOnlyList<string> inputs, float[] typical)
{
    private const int FormatVersion = 1;

    public TreeEnsemble Irregularity { get; } = irregularity;
    public TreeEnsemble? Revenue { get; } = revenue;
    /// <summary>Mean revenue of irregular training rows: the estimate when there were too few for a revenue model.</summary>
    public double MeanRevenue { get; } = meanRevenue;
    public IReadOnlyList<string> Inputs { get; } = inputs;
    /// <summary>Median of each input over the training rows: the reference for contributions.</summary>
    public IReadOnlyList<float> Typical => typical;

    public double Probability(double margin) => 1.0 / (1.0 + Math.Exp(plattSlope * margin + plattOffset));

    public ModelScore Score(ReadOnlySpan<float> x)
    {
        var p = Probability(Irregularity.Score(x));
        var revenue = Revenue is null ? MeanRevenue : Math.Max(0, Math.Exp(Revenue.Score(x)) - 1);
        return new ModelScore(p, revenue);
    }

    /// <summary>The inputs that moved this score most, largest first.</summary>
    public IReadOnlyList<FeatureContribution> Contributions(ReadOnlySpan<float> x, int top = 5)
    {
        var margin = Irregularity.Score(x);
        Span<float> probe = stackalloc float[x.Length];
        x.CopyTo(probe);
        var all = new List<FeatureContribution>(x.Length);
        for (var j = 0; j < x.Length; j++)
        {
            if (probe[j] == typical[j])
            {
                continue;
            }
            probe[j] = typical[j];
            var without = Irregularity.Score(probe);
            probe[j] = x[j];
            var c = margin - without;
            if (Math.Abs(c) > 1e-6)
            {
                all.Add(new FeatureContribution(Inputs[j], x[j] == ModelInput.Missing ? null : Math.Round(x[j], 4), typical[j] == ModelInput.Missing ? null : Math.Round(typical[j], 4), Math.Round(c, 4)));
            }
        }
        return all.OrderByDescending(c => Math.Abs(c.Contribution)).Take(top).ToList();
    }

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var w = new BinaryWriter(gzip))
        {
            w.Write(FormatVersion);
            w.Write(Inputs.Count);
            foreach (var name in Inputs)
            {
                w.Write(name);
            }
            foreach (var t in typical)
            {
                w.Write(t);
            }
            w.Write(plattSlope);
            w.Write(plattOffset);
            w.Write(MeanRevenue);
            Irregularity.Write(w);
            w.Write(Revenue is not null);
            Revenue?.Write(w);
        }
        return buffer.ToArray();
    }

    public static RiskModel FromBytes(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var r = new BinaryReader(gzip);
        var format = r.ReadInt32();
        if (format != FormatVersion)
        {
            throw new InvalidDataException($"Risk model format {format} is not supported (this build reads {FormatVersion}).");
        }
        var names = new string[r.ReadInt32()];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = r.ReadString();
        }
        var typical = new float[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            typical[i] = r.ReadSingle();
        }
        var slope = r.ReadDouble();
        var offset = r.ReadDouble();
        var mean = r.ReadDouble();
        var irregularity = TreeEnsemble.Read(r);
        var revenue = r.ReadBoolean() ? TreeEnsemble.Read(r) : null;
        if (!names.SequenceEqual(ModelInput.Names))
        {
            throw new InvalidDataException($"The model was trained on inputs ({string.Join(", ", names)}) this build does not compute in that order; train a new one.");
        }
        return new RiskModel(irregularity, slope, offset, revenue, mean, names, typical);
    }
}
