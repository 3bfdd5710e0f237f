package io.tributary.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Redis ACL users per component: the admin credential the operator uses for {@code ACL SETUSER}
 * and {@code ACL DELUSER}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RedisAcl {

  @JsonPropertyDescription("A Secret key holding the password of the Redis user the operator creates the"
      + " components' users with (it needs +acl); the Secret needs the label tributary.io/usable-by-pipelines: \"true\".")
  @Required
  private SecretKeyReference adminSecretRef;

  @JsonPropertyDescription("The Redis user of adminSecretRef's password. Default: default.")
  @Pattern("^[A-Za-z0-9._:@-]+$")
  @Size(max = 128)
  private String adminUser;

  public SecretKeyReference getAdminSecretRef() {
    return adminSecretRef;
  }

  public void setAdminSecretRef(SecretKeyReference adminSecretRef) {
    this.adminSecretRef = adminSecretRef;
  }

  public String getAdminUser() {
    return adminUser;
  }

  public void setAdminUser(String adminUser) {
    this.adminUser = adminUser;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (o == null || getClass() != o.getClass()) return false;
    RedisAcl that = (RedisAcl) o;
    return Objects.equals(adminSecretRef, that.adminSecretRef) && Objects.equals(adminUser, that.adminUser);
  }

  @Override
  public int hashCode() {
    return Objects.hash(adminSecretRef, adminUser);
  }

  @Override
  public String toString() {
    return "RedisAcl{adminSecretRef=" + adminSecretRef + ", adminUser=" + adminUser + "}";
  }
}
