package io.pgextra.hibernate.test.conflict.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import org.hibernate.annotations.TenantId;

/** A multi-tenant entity whose name is unique per tenant. */
@Entity
@Table(uniqueConstraints = @UniqueConstraint(columnNames = { "tenant", "name" }))
public class TenantItem {
	@Id
	@GeneratedValue
	public Long id;

	@TenantId
	public String tenant;

	@Column(nullable = false)
	public String name;

	public String label;
}
