namespace ContextStore.Names;

/// <summary>Parses the query parameters of the contract exactly as its table says.</summary>
public static class RequestParameters
{
    /// <summary><c>ttlSecond</c>: an integer 0 … 2,147,483,647; 0 means no TTL.</summary>
    public static int ParseTtlSecond(string? value)
    {
        if (!IsPlainInteger(value) || !int.TryParse(value, out var ttl))
        {
            throw new InvalidRequestException(
                $"Invalid ttlSecond '{value}': use an integer from 0 to {int.MaxValue} (0 means no TTL).");
        }

        return ttl;
    }

    public static PageRequest ParsePage(string? page, string? perPage)
    {
        var number = 0;
        if (page is not null && (!IsPlainInteger(page) || !int.TryParse(page, out number)))
        {
            throw new InvalidRequestException($"Invalid page '{page}': use an integer of 0 or more.");
        }

        var size = ContextLimits.DefaultPerPage;
        if (perPage is not null && (!IsPlainInteger(perPage) || !int.TryParse(perPage, out size)
            || size < 1 || size > ContextLimits.MaxPerPage))
        {
            throw new InvalidRequestException(
                $"Invalid perPage '{perPage}': use an integer from 1 to {ContextLimits.MaxPerPage}.");
        }

        return new PageRequest(number, size);
    }

    /// <summary>Digits only: no sign, spaces, decimals or exponents.</summary>
    private static bool IsPlainInteger(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 10 && value.All(char.IsAsciiDigit);
}
