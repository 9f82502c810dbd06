// Sensor detections: ingest throughput with track correlation and geofence checks against 1,000
// watched areas, and the latency from a detection to its incident being committed.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cordon.Bench.Declarations;
using Cordon.Identity;
using Cordon.Operations;
using Cordon.Operations.Detections;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

var count = Arg("--count", 200_000);
var areasCount = Arg("--areas", 1_000);
var batch = Arg("--batch", 1_000);
var objects = Arg("--objects", 2_000);
// Watched patterns on every area (entry, border crossing outside a crossing point, loitering, low-slow), or entry only.
var patterns = args.Contains("--entry-only") ? WatchPatterns.Entry : WatchPatterns.Entry | WatchPatterns.BorderCrossing | WatchPatterns.Loitering | WatchPatterns.LowSlow;
var stores = args.Contains("--memory-only") ? [] : args.Contains("--postgres") ? new[] { "sqlite", "postgres" } : args.Contains("--postgres-only") ? ["postgres"] : ["sqlite"];
int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

Console.WriteLine($"{Environment.ProcessorCount} cores · {count:N0} detections of {objects:N0} moving objects (every tenth a drone) · {areasCount:N0} watched areas watching {string.Join(", ", PatternNames.List(patterns))} · batches of {batch:N0} · load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
var rng = new Random(2026);
var areas = WatchedAreas(rng, areasCount);
var bodies = DetectionBatches(new Random(7), count, objects, batch);

// The bundled country borders load once per process, at the first border-crossing check (about a CPU-second):
// loaded here so that the timings below are of the steady state.
_ = Cordon.Operations.Geo.Territory.Instance.CountryAt(51.45, 4.93);

// 1. The pipeline in memory: parse GeoJSON, correlate, geofence, watched patterns. What one core can do before storage.
// Two passes: the first includes JIT and the lazy indexes of the geometries first touched; the second is the steady state.
for (var pass = 1; pass <= 2; pass++)
{
    var index = WatchedAreaCache.Build(areas.Select(a => Watched(a, Guid.Empty, patterns)));
    var correlator = new TrackCorrelator(CorrelationBounds.Default, []);
    var inside = 0;
    var tracks = 0;
    var hits = 0;
    var sw = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var body in bodies)
    {
        foreach (var m in SensorMessages.ReadGeoJson(body, "bench"))
        {
            var d = m.Detection!;
            var t = correlator.Match(d);
            PreviousFix? previous = t is not null && d.ObservedAt >= t.LastSeen ? new PreviousFix(t.LastLatitude, t.LastLongitude, t.LastSeen, t.LastDetectionId, t.InsideAreas) : null;
            if (t is null)
            {
                t = new SensorTrack { Kind = d.Kind, FirstSeen = d.ObservedAt, LastSeen = d.ObservedAt, LastLatitude = d.Latitude, LastLongitude = d.Longitude, DetectionCount = 1 };
                tracks++;
            }
            correlator.Extend(t, d);
            var at = index.At(d.Latitude, d.Longitude);
            inside += at.Count;
            t.InsideAreas = at.Count == 0 ? "" : string.Join(',', at.Select(z => z.Id.ToString()).Order(StringComparer.Ordinal));
            var id = Guid.CreateVersion7();
            hits += PatternWatch.Evaluate(t, id, d, previous, at, index).Count;
            t.LastDetectionId = id;
        }
    }
    var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"in memory, pass {pass} (parse + correlate + geofence + patterns): {count / sw.Elapsed.TotalSeconds:N0} detections/s wall, {count / cpuUsed.TotalSeconds:N0}/s per CPU-second; {tracks:N0} tracks, {inside:N0} detections inside a watched area, {hits:N0} pattern hits");
}

foreach (var kind in stores)
{
    using var cluster = kind == "postgres" ? PgCluster.Start() : null;
    var file = Path.Combine(Path.GetTempPath(), $"cordon-bench-ops-{Guid.NewGuid():N}.db");
    var settings = kind == "postgres"
        ? new StorageSetup.StoreSettings(DatabaseProvider.Postgres, cluster!.ConnectionString)
        : new StorageSetup.StoreSettings(DatabaseProvider.Sqlite, $"Data Source={file}");
    Guid agency;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        await Migrator.MigrateAsync(db);
        var a = new Agency { Code = "NBP", Name = "Border police", Country = "NL", Kind = AgencyKind.BorderPolice };
        db.Agencies.Add(a);
        agency = a.Id;
        foreach (var w in areas)
        {
            db.WatchedAreas.Add(Watched(w, agency, patterns));
        }
        await db.SaveChangesAsync();
    }
    var actor = new Actor(null, agency, Roles.Officer, "bench radar feed", ActorKind.ApiKey);
    var cache = new WatchedAreaCache();

    // 2. Through storage: the API's ingest path (parse, dedupe, correlate, geofence, write, incidents, audit) per batch.
    var accepted = 0;
    var incidents = 0;
    var started = DateTimeOffset.UtcNow;
    var total = Stopwatch.StartNew();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var body in bodies)
    {
        await using var db = StorageSetup.Open(settings, TimeProvider.System);
        var r = await SensorIngest.IngestAsync(db, actor, SensorMessages.ReadGeoJson(body, "bench"), CorrelationBounds.Default, DateTimeOffset.UtcNow, cache);
        accepted += r.Accepted;
        incidents += r.IncidentsRaised.Count;
    }
    total.Stop();
    var cpuStored = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    int trackCount;
    string byPattern;
    await using (var db = StorageSetup.Open(settings, TimeProvider.System))
    {
        trackCount = await db.SensorTracks.CountAsync();
        byPattern = string.Join(", ", (await db.Incidents.GroupBy(i => i.Pattern).Select(g => new { g.Key, N = g.Count() }).ToListAsync()).Select(g => $"{g.Key} {g.N:N0}"));
    }
    // The CPU figure is this process only (the database server's share is in the wall-clock figure for PostgreSQL).
    Console.WriteLine($"{kind}: stored ingest {accepted / total.Elapsed.TotalSeconds:N0} detections/s wall, {accepted / cpuStored.TotalSeconds:N0}/s per CPU-second of this process ({accepted:N0} in {total.Elapsed.TotalSeconds:N1} s; {trackCount:N0} tracks, {incidents:N0} incidents raised: {byPattern})");

    // 3. Latency: one detection of a new object inside a watched area, to its incident (with plan) committed.
    var samples = new List<double>();
    for (var i = 0; i < 200; i++)
    {
        var w = areas[rng.Next(areas.Count)];
        var body = "{\"type\":\"Feature\",\"id\":\"lat-" + i + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + F(w.CenterLon) + "," + F(w.CenterLat)
            + "]},\"properties\":{\"time\":\"" + DateTimeOffset.UtcNow.AddHours(1 + i).ToString("O") + "\",\"kind\":\"person\"}}";
        var sw = Stopwatch.StartNew();
        await using var db = StorageSetup.Open(settings, TimeProvider.System);
        var r = await SensorIngest.IngestAsync(db, actor, SensorMessages.ReadGeoJson(body, "latency"), CorrelationBounds.Default, DateTimeOffset.UtcNow, cache);
        sw.Stop();
        if (r.IncidentsRaised.Count == 0)
        {
            throw new InvalidOperationException($"latency probe {i} raised no incident");
        }
        samples.Add(sw.Elapsed.TotalMilliseconds);
    }
    samples.Sort();
    Console.WriteLine($"{kind}: detection → incident committed: p50 {samples[samples.Count / 2]:N1} ms, p95 {samples[(int)(samples.Count * 0.95)]:N1} ms, max {samples[^1]:N1} ms (200 probes)");
    if (kind == "sqlite")
    {
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*"))
        {
            File.Delete(f);
        }
    }
}

static string F(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

// Each area watches the given patterns, with a designated crossing point (300 m) at its centre.
static WatchedArea Watched((string Name, string Json, double CenterLat, double CenterLon) a, Guid agency, WatchPatterns patterns) => new()
{
    UpdatedAt = TimeProvider.System.GetUtcNow(),
    Name = a.Name, AreaGeoJson = a.Json, OwningAgencyId = agency, IncidentType = IncidentType.IllegalCrossing, Patterns = patterns,
    CrossingPoints = [new CrossingPoint("centre", a.CenterLat, a.CenterLon, 300)], LoiterRadiusMetres = 200, LoiterMinutes = 10,
};

// Watched areas across NL/BE: hexagons 0.5–3 km across, every fifth with a hole.
static List<(string Name, string Json, double CenterLat, double CenterLon)> WatchedAreas(Random rng, int n)
{
    var list = new List<(string, string, double, double)>();
    for (var i = 0; i < n; i++)
    {
        var lat = 50.6 + rng.NextDouble() * 2.8;
        var lon = 3.4 + rng.NextDouble() * 3.6;
        var r = 0.0025 + rng.NextDouble() * 0.012;
        string Ring(double radius, bool reverse)
        {
            var pts = Enumerable.Range(0, 7).Select(k => (reverse ? -k : k) * Math.PI / 3).Select(a => $"[{F(lon + radius * 1.6 * Math.Cos(a))},{F(lat + radius * Math.Sin(a))}]");
            return "[" + string.Join(",", pts) + "]";
        }
        var rings = i % 5 == 0 ? $"[{Ring(r, false)},{Ring(r / 4, true)}]" : $"[{Ring(r, false)}]";
        // The probe point sits between hole and edge, so it is inside also where there is a hole.
        list.Add(($"area {i}", $$"""{"type":"Polygon","coordinates":{{rings}}}""", lat + r * 0.6, lon));
    }
    return list;
}

// Moving objects (walkers to vehicles) seen every 10 s, as GeoJSON FeatureCollections of radar plots.
static List<string> DetectionBatches(Random rng, int count, int objects, int batch)
{
    var pos = Enumerable.Range(0, objects).Select(_ => (Lat: 50.6 + rng.NextDouble() * 2.8, Lon: 3.4 + rng.NextDouble() * 3.6, V: 1.5 + rng.NextDouble() * 13.5, H: rng.NextDouble() * 2 * Math.PI)).ToArray();
    var t0 = DateTimeOffset.UtcNow.AddDays(-1);
    var bodies = new List<string>();
    var sb = new StringBuilder();
    var inBatch = 0;
    for (var n = 0; n < count; n++)
    {
        var k = n % objects;
        var step = n / objects;
        var p = pos[k];
        var metres = p.V * 10;
        p.H += (rng.NextDouble() - 0.5) * 0.3;
        p.Lat += metres * Math.Cos(p.H) / 111_320;
        p.Lon += metres * Math.Sin(p.H) / (111_320 * Math.Cos(p.Lat * Math.PI / 180));
        pos[k] = p;
        if (inBatch == 0)
        {
            sb.Clear().Append("""{"type":"FeatureCollection","features":[""");
        }
        else
        {
            sb.Append(',');
        }
        // Every tenth object is a drone (an air track with an altitude), so the low-slow check has work to do.
        var drone = k % 10 == 0;
        sb.Append("{\"type\":\"Feature\",\"id\":\"plot-").Append(n).Append("\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[").Append(F(p.Lon)).Append(',').Append(F(p.Lat));
        if (drone)
        {
            sb.Append(',').Append(60 + k % 150);
        }
        sb.Append("]},\"properties\":{\"time\":\"").Append(t0.AddSeconds(step * 10 + k * 0.001).ToString("O")).Append("\",\"sensor\":\"radar-").Append(k % 40)
            .Append("\",\"kind\":\"").Append(drone ? "a-u-A-M-F-Q" : "a-u-G").Append("\"}}");
        if (++inBatch == batch || n == count - 1)
        {
            sb.Append("]}");
            bodies.Add(sb.ToString());
            inBatch = 0;
        }
    }
    return bodies;
}
