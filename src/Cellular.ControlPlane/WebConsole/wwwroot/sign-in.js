// The sign-in page: exchanges a pasted key or token for a session cookie. The key is sent once,
// in a POST body, never in a URL; the page then loads the console.
const form = document.getElementById('sign-in-form');
const input = document.getElementById('token');
const error = document.getElementById('sign-in-error');

function showError(message) {
  error.textContent = message;
  error.hidden = false;
}

const reason = new URLSearchParams(location.search).get('error');
if (reason === 'link') {
  showError('That sign-in link was used already or has expired (links work once, for 60 seconds). Run `cellctl console` again, or paste a key below.');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const token = input.value.trim();
  if (!token) {
    showError('Paste an API key (cel_…) or a token.');
    return;
  }
  try {
    const response = await fetch('/console/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Cellular-Console': '1' },
      body: JSON.stringify({ token }),
    });
    if (response.ok) {
      input.value = '';
      location.replace('/');
      return;
    }
    let detail = `The control plane answered ${response.status}.`;
    try {
      const problem = await response.json();
      if (problem && problem.detail) detail = problem.detail;
    } catch { /* not problem+json */ }
    showError(detail);
  } catch (e) {
    showError(`The control plane did not answer: ${e.message}`);
  }
});
