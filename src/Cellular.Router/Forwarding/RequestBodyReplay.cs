namespace Cellular.Router.Forwarding;

/// <summary>Whether a request's body allows sending the request to a second cell.</summary>
internal enum RequestBodyReplay
{
    /// <summary>The request has no body: it can always be sent again.</summary>
    None,

    /// <summary>The body is recorded while it is forwarded, up to the limit, and can be replayed.</summary>
    Recorded,

    /// <summary>The body is known to be larger than the limit: the request is not sent again.</summary>
    TooLarge,
}
