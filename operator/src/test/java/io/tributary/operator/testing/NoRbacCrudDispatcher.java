package io.tributary.operator.testing;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;

/**
 * The mock server's CRUD dispatcher, answering a SelfSubjectRulesReview as a cluster without RBAC
 * would: everything is allowed. Plain CRUD would store the review and answer it without a status,
 * and JOSDK's leader election checks its Lease permissions with one before it starts.
 */
final class NoRbacCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  NoRbacCrudDispatcher() {
    super(List.of());
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    if (!request.getPath().startsWith(RULES_REVIEWS)) {
      return super.handleCreate(request);
    }
    SelfSubjectRulesReview review = Serialization.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
    review.setStatus(new SubjectRulesReviewStatusBuilder()
        .withIncomplete(false)
        .withResourceRules(new ResourceRuleBuilder().withApiGroups("*").withResources("*").withVerbs("*").build())
        .build());
    return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
  }
}
