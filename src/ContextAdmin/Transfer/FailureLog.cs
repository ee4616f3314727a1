using System.Text.Json;

namespace ContextAdmin.Transfer;

/// <summary>
/// The failures of a run, one JSON line each in a file that a rerun with <c>--retry-failures</c> reads. Written as
/// they happen (an interrupted run keeps what it found); memory holds none of them. A resumed run adds to the file of
/// the run it continues; otherwise the file is started anew, and removed when the run has nothing to put in it.
/// </summary>
public sealed class FailureLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly bool _append;
    private StreamWriter? _file;
    private bool _started;
    private int _added;

    public FailureLog(string path, bool append)
    {
        Path = System.IO.Path.GetFullPath(path);
        _append = append;
        if (!append && File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    public string Path { get; }

    /// <summary>Failures added by this run.</summary>
    public int Added => Volatile.Read(ref _added);

    public void Add(TransferFailure failure)
    {
        var line = JsonSerializer.Serialize(failure);
        lock (_gate)
        {
            _file ??= new StreamWriter(new FileStream(Path, _append || _started ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read));
            _started = true;
            _file.WriteLine(line);
            _file.Flush();
            _added++;
        }
    }

    /// <summary>Every failure in the file: those of this run and, resumed, of the runs it continues.</summary>
    public IEnumerable<TransferFailure> All()
    {
        lock (_gate)
        {
            // Closed so that it can be read everywhere (a later failure opens it again to append).
            _file?.Dispose();
            _file = null;
        }

        return File.Exists(Path) ? Read(Path) : [];
    }

    /// <summary>The failures a failures file lists.</summary>
    /// <exception cref="InvalidDataException">A line is not a failure of this tool.</exception>
    public static IEnumerable<TransferFailure> Read(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            TransferFailure? failure;
            try
            {
                failure = JsonSerializer.Deserialize<TransferFailure>(line);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} line {number} is not a failure listed by this tool: {e.Message}", e);
            }

            yield return failure ?? throw new InvalidDataException($"{path} line {number} is not a failure listed by this tool.");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
