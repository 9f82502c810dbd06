using System.Globalization;
using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class StatisticsModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public SeizureStatistics Stats { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
        => Stats = SeizureReporting.Statistics(await SeizureReporting.RowsAsync(Db, await PolicyAsync(ct), null, null, ct));

    /// <summary>Seizures per key, with the weight seized as each bar's note.</summary>
    public Chart Chart(string id, string title, ChartKind kind, IReadOnlyList<StatisticsBar> bars, string by)
        => new($"seizures-{id}", title, kind, bars.Select(b => b.Key).ToList(),
            [new ChartSeries(Text.Code("axis", "seizures"), bars.Select(b => (double?)b.Seizures).ToList(), bars.Select(b => (string?)$"{b.WeightKg.ToString("0.#", CultureInfo.CurrentCulture)} kg").ToList())])
        {
            CategoryAxis = by,
            ValueAxis = Text.Code("axis", "seizures"),
            Empty = Text["No seizure you may see."],
        };
}
