/**
 * The share links' own URLs, outside {@code /api} and without a login: {@code GET /s/{token}} (a small HTML page,
 * ShareLandingPage) and {@code GET /s/{token}/download} (302 to a signed S3 URL, or the streamed bundle), served by
 * ShareLinkServlet over share.ShareService. The page's security headers come from web.page.PageHeadersFilter.
 */
package dev.artifactservice.web.share;
