using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace NewsEvents.Cli;

/// <summary>
/// The real API (the built NewsEvents.Api.dll) in its own process on a loopback port, so its memory is its own and the
/// load generator's work does not share its heap.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ApiProcess(Process process, Uri baseAddress, string adminKey)
    {
        AdminKey = adminKey;
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The admin key the process was started with (<c>Auth:BootstrapAdminKey</c>): write endpoints need one.</summary>
    public string AdminKey { get; }

    public static string NewAdminKey() => "ne_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The API built beside this command (the CLI project builds it in the same configuration).</summary>
    public static string DefaultPath => Path.Combine(
        AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}NewsEvents.Cli{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}NewsEvents.Api{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
        "NewsEvents.Api.dll");

    /// <param name="settings">Configuration on top of the defaults below, as environment variables (<c>Section__Key</c>).</param>
    /// <param name="adminKey">
    /// The bootstrap admin key (default a new one). Processes sharing a database must share it: each one that starts
    /// with another revokes the key before it.
    /// </param>
    public static async Task<ApiProcess> StartAsync(
        string apiPath, string connectionString, IReadOnlyDictionary<string, string>? settings = null, string? adminKey = null)
    {
        if (!File.Exists(apiPath))
        {
            throw new IOException($"{apiPath} not found: build src/NewsEvents.Api, or name the API with --api, or a running one with --url");
        }
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        adminKey ??= NewAdminKey();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(apiPath))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { apiPath },
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = baseAddress.ToString(),
                ["ConnectionStrings__NewsEvents"] = connectionString,
                ["Ingestion__Enabled"] = "false",
                ["SampleData__Enabled"] = "false",
                ["Auth__BootstrapAdminKey"] = adminKey,
                // Load runs and benchmarks measure the service, not its rate limiter.
                ["Limits__PermitsPerKey"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
                ["Limits__PermitsPerAnonymousIp"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
                // One log line per request would measure the console, not the service.
                ["Serilog__MinimumLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var api = new ApiProcess(Process.Start(start)!, baseAddress, adminKey);
        api._process.OutputDataReceived += (_, e) => api.Remember(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Remember(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress };
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            if (api._process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                await api.DisposeAsync();
                throw new IOException($"The API did not become ready:\n{string.Join('\n', api._lastLines)}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }
    }

    /// <summary>The last lines the service wrote, to explain a failure.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    /// <summary>The process's peak resident memory (VmHWM), in bytes.</summary>
    public long PeakMemoryBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>A client of the process that sends its admin key.</summary>
    public HttpClient CreateClient()
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return http;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>kill -9: the process gets no chance to finish requests, release leases or flush anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(); // SIGKILL on Unix
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
