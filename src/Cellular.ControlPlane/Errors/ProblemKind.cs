namespace Cellular.ControlPlane.Errors;

/// <summary>Why a control-plane operation was refused; each kind maps to one HTTP status.</summary>
internal enum ProblemKind
{
    /// <summary>The request is malformed or names something invalid (400).</summary>
    BadRequest = 400,

    /// <summary>The credential offered is not valid (401), e.g. a key pasted on the console's sign-in page.</summary>
    Unauthorized = 401,

    /// <summary>The caller's role does not allow this variant of an operation its role otherwise allows (403).</summary>
    Forbidden = 403,

    /// <summary>The named cell or tenant does not exist (404).</summary>
    NotFound = 404,

    /// <summary>The request clashes with the current state, e.g. an id is taken or no cell has room (409).</summary>
    Conflict = 409,

    /// <summary>Too many of something are pending, e.g. unused console sign-in links (429).</summary>
    TooManyRequests = 429,

    /// <summary>What was asked for is no longer kept, e.g. routing-table changes older than the change log (410).</summary>
    Gone = 410,

    /// <summary>The request body is larger than the control plane accepts (413).</summary>
    TooLarge = 413,

    /// <summary>The control plane is configured so that it cannot do this (500).</summary>
    Misconfigured = 500,

    /// <summary>A cell did not start or did not answer (502).</summary>
    CellFailed = 502,

    /// <summary>The store cannot be reached (503).</summary>
    Unavailable = 503,
}
