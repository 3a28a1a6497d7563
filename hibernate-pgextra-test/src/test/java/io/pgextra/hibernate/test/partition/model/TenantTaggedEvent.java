package io.pgextra.hibernate.test.partition.model;

import java.util.Map;

import io.pgextra.hibernate.hstore.HStoreUnique;
import io.pgextra.hibernate.hstore.MutableHStoreType;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Type;

/** An hstore unique key per tenant on a table partitioned by tenant: the partition key comes first in the index. */
@Entity
@Table(name = "tenant_tagged")
public class TenantTaggedEvent {
	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	public Long id;

	public String tenant;

	@Type(MutableHStoreType.class)
	@Column(columnDefinition = "hstore")
	@HStoreUnique(value = "sku", columns = "tenant")
	public Map<String, String> attrs;
}
