package io.pgextra.hibernate.bench;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The Spring Data JPA repository a Spring user writes for {@link BenchItem}: the key look-up is a derived query.
 * Created without Spring Boot, by {@code new JpaRepositoryFactory(em).getRepository(...)} (see {@link PeerVariants}).
 */
public interface BenchItemRepository extends JpaRepository<BenchItem, Long> {

	List<BenchItem> findBySkuIn(Collection<String> skus);
}
