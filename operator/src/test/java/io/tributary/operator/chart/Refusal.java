package io.tributary.operator.chart;

/**
 * Something the real API server's authorizer refused the operator's ServiceAccount: a request
 * answered 403, or a question it answered "no" (JOSDK's SelfSubjectRulesReview of its Lease
 * verbs, the owner-reference check of admission), with what shows it.
 */
record Refusal(ApiRequest request, String evidence) {
  ApiRequest.Permission permission() {
    return request.permission();
  }

  @Override
  public String toString() {
    return request + ": " + evidence;
  }
}
