package io.tributary.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What counts as "the live object already matches the model" (no write). */
class ChildApplierMatchTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode tree(String s) throws Exception {
    return json.readTree(s.replace('\'', '"'));
  }

  @Test
  void fieldsTheServerAddsDoNotCount() throws Exception {
    assertThat(ChildApplier.isSubset(
        tree("{'spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'w'}]}}}}"),
        tree("{'spec':{'replicas':1,'progressDeadlineSeconds':600,'template':{'spec':{'dnsPolicy':'ClusterFirst',"
            + "'containers':[{'name':'w','terminationMessagePolicy':'File'}]}}}}"))).isTrue();
  }

  @Test
  void aChangedOrMissingValueCounts() throws Exception {
    assertThat(ChildApplier.isSubset(tree("{'spec':{'replicas':2}}"), tree("{'spec':{'replicas':1}}"))).isFalse();
    assertThat(ChildApplier.isSubset(tree("{'spec':{'suspend':true}}"), tree("{'spec':{}}"))).isFalse();
    assertThat(ChildApplier.isSubset(tree("{'args':['worker']}"), tree("{'args':['worker','x']}"))).isFalse();
  }

  @Test
  void normalisedQuantitiesAndDroppedEmptyValuesMatch() throws Exception {
    assertThat(ChildApplier.isSubset(tree("{'cpu':'1000m','memory':'1Gi'}"), tree("{'cpu':'1','memory':'1073741824'}"))).isTrue();
    assertThat(ChildApplier.isSubset(tree("{'emptyDir':{},'nodeSelector':{}}"), tree("{'emptyDir':{}}"))).isTrue();
    assertThat(ChildApplier.isSubset(tree("{'cpu':'500m'}"), tree("{'cpu':'1'}"))).isFalse();
  }
}
