package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

import org.hibernate.annotations.TenantId;

/** A multi-tenant entity whose name is unique across all tenants (a unique index without the tenant). */
@Entity
public class TenantTag {
	@Id
	@GeneratedValue
	public Long id;

	@TenantId
	public String tenant;

	@Column(unique = true, nullable = false)
	public String name;

	public String label;
}
