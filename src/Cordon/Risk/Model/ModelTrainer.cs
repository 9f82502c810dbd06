using Cordon.Common;
using Cordon.Risk.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Cordon.Risk.Model;

/// <summary>Training settings; the defaults are what the benchmark measured.</summary>
public sealed record TrainingOptions(int Trees = 100, int Leaves = 31, double LearningRate = 0.1, int MinimumLeafRows = 20, int Seed = 1)
{
    public static readonly TrainingOptions Default = new();
}

/// <summary>Trains a <see cref="RiskModel"/> with ML.NET's LightGBM trainer and keeps only the trees.</summary>
public static class ModelTrainer
{
    private sealed class Row
    {
        [VectorType] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Revenue { get; set; }
    }

    /// <summary>Minimum irregular rows for a revenue model of its own; fewer: the mean revenue is used.</summary>
    public const int MinimumRevenueRows = 30;

    public static RiskModel Train(IReadOnlyList<(float[] X, KnownOutcome Outcome)> rows, TrainingOptions? options = null)
    {
        options ??= TrainingOptions.Default;
        var irregular = rows.Count(r => r.Outcome.Illicit);
        if (rows.Count == 0 || irregular == 0 || irregular == rows.Count)
        {
            throw ValidationFailed.Field("until", $"Training needs inspected declarations with and without irregularities; the window has {rows.Count:N0} inspected, {irregular:N0} irregular.");
        }
        var ml = new MLContext(options.Seed);
        var width = ModelInput.Count;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r.X, Label = r.Outcome.Illicit, Revenue = (float)Math.Log(1 + Math.Max(0, r.Outcome.Revenue)) }), schema);
        var classifier = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumLeafRows,
            Seed = options.Seed,
            NumberOfThreads = Math.Max(1, Environment.ProcessorCount),
            Silent = true,
        }).Fit(data);
        var irregularity = Extract(classifier.Model.SubModel.TrainedTreeEnsemble);
        var calibrator = classifier.Model.Calibrator;

        TreeEnsemble? revenue = null;
        var positives = rows.Where(r => r.Outcome.Illicit).ToList();
        var meanRevenue = positives.Average(r => Math.Max(0, r.Outcome.Revenue));
        if (positives.Count >= MinimumRevenueRows)
        {
            var revenueData = ml.Data.LoadFromEnumerable(positives.Select(r => new Row { Features = r.X, Label = true, Revenue = (float)Math.Log(1 + Math.Max(0, r.Outcome.Revenue)) }), schema);
            var regression = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                LabelColumnName = nameof(Row.Revenue),
                NumberOfIterations = Math.Max(20, options.Trees / 2),
                NumberOfLeaves = Math.Max(4, options.Leaves / 2),
                LearningRate = options.LearningRate,
                MinimumExampleCountPerLeaf = Math.Min(options.MinimumLeafRows, Math.Max(2, positives.Count / 20)),
                Seed = options.Seed,
                NumberOfThreads = Math.Max(1, Environment.ProcessorCount),
                Silent = true,
            }).Fit(revenueData);
            revenue = Extract(regression.Model.TrainedTreeEnsemble);
        }
        return new RiskModel(irregularity, calibrator.Slope, calibrator.Offset, revenue, meanRevenue, ModelInput.Names, Medians(rows, width));
    }

    private static TreeEnsemble Extract(RegressionTreeEnsemble ensemble)
    {
        var trees = new List<(double, int[], float[], int[], int[], double[])>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                throw new InvalidOperationException("The trainer produced a categorical split; the model inputs are all numeric.");
            }
            trees.Add((ensemble.TreeWeights[t], tree.NumericalSplitFeatureIndexes.ToArray(), tree.NumericalSplitThresholds.ToArray(),
                tree.LeftChild.ToArray(), tree.RightChild.ToArray(), tree.LeafValues.ToArray()));
        }
        return new TreeEnsemble(ensemble.Bias, trees);
    }

    private static float[] Medians(IReadOnlyList<(float[] X, KnownOutcome Outcome)> rows, int width)
    {
        // A sample is enough for a reference value and keeps this linear on a million rows.
        var step = Math.Max(1, rows.Count / 20_000);
        var medians = new float[width];
        var column = new List<float>(rows.Count / step + 1);
        for (var j = 0; j < width; j++)
        {
            column.Clear();
            for (var i = 0; i < rows.Count; i += step)
            {
                column.Add(rows[i].X[j]);
            }
            column.Sort();
            medians[j] = column[column.Count / 2];
        }
        return medians;
    }
}
